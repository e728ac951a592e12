import Emulator
import Synchronization
import Testing

struct RequestLogTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    @Test func logsOneLinePerRequestAndNeverATokenOrPassword() async throws {
        let collected = Lines()
        var config = EmulatorConfig()
        config.requestLog = { line in collected.lines.withLock { $0.append(line) } }
        config.faults.drops = [.init(match: .init(route: "/image"), rate: 1, when: .before)]
        try await TestCloud.run(config) { cloud in
            let token = try await cloud.token()
            _ = try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)])
            _ = try await cloud.client.exchange("GET", "/image")
            // The line of a dropped request is written after the connection closes, so the client
            // can see the drop first: give the server a moment.
            var lines = collected.lines.withLock { $0 }
            for _ in 0..<100 where lines.count < 3 {
                try await Task.sleep(for: .milliseconds(10))
                lines = collected.lines.withLock { $0 }
            }
            try #require(lines.count == 3)
            #expect(lines[0].hasPrefix("POST /identity/v3/auth/tokens 201 "))
            #expect(lines[1].hasPrefix("GET /network/v2.0 200 "))
            #expect(lines[2].hasPrefix("GET /image dropped "))
            #expect(lines.allSatisfy { !$0.contains(token) && !$0.contains("admin") })
        }
    }
}
