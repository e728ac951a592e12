import Emulator
import Foundation
import Testing

/// The `stackrun-emulator` process, as the runner and people start it.
struct ExecutableTests {
    @Test func readyLineComesFirstThenTheExportsAndStdinEOFStopsIt() async throws {
        let child = try EmulatorProcess(["--port", "0", "--ready-line", "--exit-on-stdin-eof"])
        defer { child.kill() }
        let lines = try await child.waitForLine { $0 == "export OS_IDENTITY_API_VERSION=3" }
        let ready = try #require(lines.first)
        #expect(ready.hasPrefix("ready http://127.0.0.1:"))
        let port = try #require(Int(ready.split(separator: ":").last ?? ""))
        #expect(port > 0)
        #expect(lines.contains("export OS_AUTH_URL=http://127.0.0.1:\(port)/identity"))
        // The seeded admin's password, which may be one the test command made up: not printed.
        let passwordExported = lines.contains("export OS_PASSWORD=\(TestEnvironment.adminPassword)")
        #expect(passwordExported)
        for expected in [
            "export OS_USERNAME=admin", "export OS_PROJECT_NAME=admin", "export OS_USER_DOMAIN_NAME=Default",
            "export OS_PROJECT_DOMAIN_NAME=Default", "export OS_REGION_NAME=RegionOne",
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("export ") })

        let response = try await WireClient(port: port).get("/identity")
        #expect(response.status == 300)

        child.closeStandardInput()
        #expect(try await child.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func sigtermStopsItPromptly() async throws {
        let child = try EmulatorProcess(["--port", "0", "--ready-line"])
        defer { child.kill() }
        _ = try await child.waitForLine { $0.hasPrefix("ready ") }
        child.terminate()
        #expect(try await child.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func flagsReachTheFaultPlanAndTimings() async throws {
        let child = try EmulatorProcess(["--port", "0", "--ready-line", "--fault-rate", "1", "--seed", "5", "--token-ttl", "7", "--exit-on-stdin-eof"])
        defer { child.kill() }
        let lines = try await child.waitForLine { $0.hasPrefix("ready ") }
        let port = try #require(Int(lines[0].split(separator: ":").last ?? ""))
        let client = WireClient(port: port)
        let statuses = try await (0..<10).asyncMap { _ in try await client.get("/compute").status }
        #expect(statuses.allSatisfy { [429, 500, 502, 503, 504].contains($0) })
        let plan = try await client.get("/_emulator/faults").json
        #expect(plan["errors"]?.arrayValue?.first?["rate"] == 1.0)
        child.closeStandardInput()
        _ = try await child.waitForExit()
    }

    @Test func badConfigExitsWithEXCONFIGAndSaysWhere() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString).json")
        try Data(#"{"timings": {"token_tll": 5}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let child = try EmulatorProcess(["--port", "0", "--config", file.path])
        defer { child.kill() }
        #expect(try await child.waitForExit() == 78)
        #expect(child.stderrText.contains("timings.token_tll: unknown option"))
    }

    @Test func aPortInUseIsReported() async throws {
        try await TestCloud.run { cloud in
            let child = try EmulatorProcess(["--port", String(cloud.emulator.port)])
            defer { child.kill() }
            #expect(try await child.waitForExit() == 69)
            #expect(child.stderrText.contains("cannot listen on 127.0.0.1:\(cloud.emulator.port)"))
        }
    }

    @Test func invalidFlagsAreUsageErrors() async throws {
        let child = try EmulatorProcess(["--fault-rate", "2"])
        defer { child.kill() }
        #expect(try await child.waitForExit() == 64)
        #expect(child.stderrText.contains("--fault-rate must be between 0 and 1"))
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
