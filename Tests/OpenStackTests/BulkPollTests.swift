import JSONValue
import OpenStack
import Testing
import Transport

/// The shared poll rounds of waits (Session+Observe) read several resources with one list; what
/// that list fails with is the list's.
@Suite("shared status rounds", .exclusive)
struct BulkPollTests {
    @Test("a 404 answering a round's bulk list does not end waits for deletion as if the servers were gone")
    @LoopActor func bulkListNotFound() async throws {
        try await withEmulator(configure: { $0.timings.buildSeconds = 0.05 }) { emulator in
            // Nova's list answering 404, as a misrouted endpoint or a proxy might: the servers
            // themselves are there, and a GET of each says so.
            let transport = InterceptingTransport { request, _ in
                guard request.method == "GET", request.url.contains("/servers/detail") else { return nil }
                let body = #"{"itemNotFound": {"code": 404, "message": "The resource could not be found."}}"#
                return HTTPResponse(status: 404, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
            }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: transport))
            var ids: [String] = []
            for name in ["kept-1", "kept-2"] {
                let body = try await session.createBody(Kinds.server, ["name": JSON(name), "image": "cirros", "flavor": "m1.tiny", "network": "public"])
                ids.append(try #require(try await session.create(Kinds.server, body)["id"]?.stringValue))
            }
            let waits = ids.map { id in
                Task { @LoopActor in try await session.waitForDeletion(Kinds.server, id, WaitOptions(timeout: 20, interval: 0.05)) }
            }
            for wait in waits {
                do {
                    try await wait.value
                    Issue.record("a wait took the list's 404 for its server's")
                } catch let error as OpenStackError {
                    #expect(error.status != 404 && error.kind != .vanished && error.kind != .timeout, "\(error)")
                }
            }
            for id in ids { #expect(try await session.get(Kinds.server, id)["id"]?.stringValue == id) }
        }
    }
}
