import JSONValue
import OpenStack
import Testing
import Transport

/// Deleted resources drop out of a round's list; each is then confirmed gone by a GET of its
/// own (only a 404 says gone). Those GETs go together, so a round with many deletes costs about
/// one GET's time, not one per resource.
@Suite("gone confirmed together", .exclusive)
struct GoneConfirmationTests {
    @Test("ten deleted servers, each GET answered after 300 ms: confirmed in about one latency, GETs in flight together")
    @LoopActor func deletedServersConfirmedTogether() async throws {
        try await withEmulator(configure: { $0.timings.buildSeconds = 0.05 }) { emulator in
            let gauge = InFlightGauge { $0.method == "GET" && $0.url.range(of: #"/servers/[0-9a-f-]{36}$"#, options: .regularExpression) != nil }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: gauge))
            var ids: [String] = []
            for index in 1...10 {
                let body = try await session.createBody(Kinds.server, ["name": JSON("gone-\(index)"), "image": "cirros", "flavor": "m1.tiny", "network": "public"])
                ids.append(try #require(try await session.create(Kinds.server, body)["id"]?.stringValue))
            }
            for id in ids { _ = try await session.wait(for: ["ACTIVE"], Kinds.server, id) }
            for id in ids { try await session.delete(Kinds.server, id) }
            _ = try await emulator.control("PUT", "faults", ["latency": [["service": "compute", "method": "GET", "route": "/compute/v2.1/servers/{server_id}", "ms": 300]]])
            gauge.reset()
            let started = monotonicNanoseconds()
            let waits = ids.map { id in
                Task { @LoopActor in try await session.waitForDeletion(Kinds.server, id, WaitOptions(timeout: 30, interval: 0.05)) }
            }
            for wait in waits { try await wait.value }
            let seconds = Double(monotonicNanoseconds() - started) / 1e9
            // One after the other, ten GETs of 300 ms take 3 s at least.
            #expect(seconds < 2, "confirming 10 deletes took \(seconds) s")
            #expect(gauge.counted >= 10)
            #expect(gauge.mostInFlight >= 5, "at most \(gauge.mostInFlight) GET by id in flight")
        }
    }
}

/// Sends everything to the emulator, counting the requests `matches` picks and how many of
/// them were in flight at once.
@LoopActor
final class InFlightGauge: SessionTransport {
    private let matches: @Sendable (HTTPRequest) -> Bool
    private let real = EventLoopTransport()
    private var inFlight = 0
    private(set) var mostInFlight = 0
    private(set) var counted = 0

    init(_ matches: @escaping @Sendable (HTTPRequest) -> Bool) {
        self.matches = matches
    }

    func reset() {
        mostInFlight = 0
        counted = 0
    }

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        guard matches(request) else { return await real.perform(request) }
        counted += 1
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        defer { inFlight -= 1 }
        return await real.perform(request)
    }
}
