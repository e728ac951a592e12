import JSONValue
import OpenStack
import Testing
import Transport

/// A session sends at most `maxConcurrentRequests` requests to one service at once.
@Suite("requests in flight per service", .exclusive)
struct RequestSlotsTests {
    @Test("twenty calls at once with a limit of four: never more than four in flight, and all answered")
    @LoopActor func limitHolds() async throws {
        try await withEmulator { emulator in
            let transport = SlowProjectsTransport()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: transport))
            session.maxConcurrentRequests = 4
            try await session.authenticate()
            let calls = (0..<20).map { _ in Task { @LoopActor in try await session.send(listProjects).status } }
            for call in calls { #expect(try await call.value == 200) }
            #expect(transport.answered == 20)
            #expect(transport.mostInFlight == 4)
        }
    }
}

/// Answers the project list itself after a short pause, so that calls overlap, and counts how
/// many are in flight at once; everything else goes to the emulator.
@LoopActor
final class SlowProjectsTransport: SessionTransport {
    private let real = EventLoopTransport()
    private var inFlight = 0
    private(set) var mostInFlight = 0
    private(set) var answered = 0

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        guard request.url.hasSuffix("/auth/projects") else { return await real.perform(request) }
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        try? await EventLoop.shared.sleep(seconds: 0.05)
        inFlight -= 1
        answered += 1
        return .success(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(#"{"projects": []}"#.utf8)))
    }
}
