import Emulator
import Foundation
import Synchronization
import Testing

struct CloudStateTests {
    @Test func timersFireInOrderAtTheirDeadlines() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        try await TestCloud.run(config) { cloud in
            let start = clock.now()
            let fired = Mutex<[String]>([])
            try cloud.emulator.cloud.withState { state in
                state.schedule(after: 2) { state in fired.withLock { $0.append("two@\(state.now.timeIntervalSince(start))") } }
                state.schedule(after: 1) { state in fired.withLock { $0.append("one@\(state.now.timeIntervalSince(start))") } }
                let cancelled = state.schedule(after: 1.5) { _ in fired.withLock { $0.append("cancelled") } }
                state.cancelTimer(cancelled)
            }
            clock.advance(by: 0.5)
            try cloud.emulator.cloud.withState { _ in }
            #expect(fired.withLock { $0 }.isEmpty)
            clock.advance(by: 5)
            let now = try cloud.emulator.cloud.withState { $0.now }
            #expect(fired.withLock { $0 } == ["one@1.0", "two@2.0"])
            #expect(now == start.addingTimeInterval(5.5))
        }
    }

    @Test func concurrentRequestsStayConsistent() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        if index % 2 == 0 {
                            return try await cloud.client.send(
                                "POST", "/identity/v3/auth/tokens?nocatalog",
                                json: TestCloud.passwordAuth(user: "demo", password: "demo", project: "demo")
                            ).status
                        }
                        return try await cloud.client.send(
                            "POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin)], json: ["project": ["name": .string("p\(index)")]]
                        ).status
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(results.count == 60)
            #expect(results.allSatisfy { $0 == 201 })
            let stats = try await cloud.stats()
            #expect(stats["tokens_issued"] == 31)
            #expect(stats["resources"]?["project"] == 32)
            #expect(stats["requests"]?["by_status"]?["201"] == 61)
        }
    }
}
