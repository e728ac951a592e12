import Foundation
import Emulator
import Testing

/// The exit status says what kind of failure it was: configuration (3), credentials (4), a
/// cloud that cannot be reached (5), wherever in the script it happened.
@Suite("exit status by kind of failure", .serialized)
struct ExitStatusTests {
    @Test("an unreachable Keystone exits 5 with the transport error")
    func unreachable() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        var environment = cloudEnvironment(emulator)
        await emulator.stop() // nothing listens on its port any more
        environment["OS_AUTH_URL"] = "http://127.0.0.1:\(emulator.port)/identity"
        let result = try await stackrunDetached(["run", try temporaryScript("return #nova.flavors.list()")], environment: environment)
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("cannot connect"), "\(result.stderr)")
        #expect(!result.stderr.contains("keeps failing"))
    }

    @Test("an auth_url that is not a URL is a configuration error")
    func malformedAuthURL() async throws {
        let result = try await stackrunDetached(["run", try temporaryScript("return #nova.flavors.list()")], environment: [
            "OS_CLOUD": "", "OS_AUTH_URL": "not a url", "OS_USERNAME": "admin", "OS_PASSWORD": "admin", "OS_PROJECT_NAME": "admin",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("not a url"), "\(result.stderr)")
    }

    @Test("a region the catalog does not have is a configuration error naming the regions it has")
    func wrongRegion() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var environment = cloudEnvironment(emulator)
        environment["OS_REGION_NAME"] = "Atlantis"
        let result = try await stackrunDetached(["run", try temporaryScript("return #nova.flavors.list()")], environment: environment)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("Atlantis") && result.stderr.contains("RegionOne"), "\(result.stderr)")
    }

    @Test("a sign-in refused inside a task nobody waited for exits 4")
    func refusedInUnobservedTask() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var environment = cloudEnvironment(emulator)
        environment["OS_PASSWORD"] = "wrong"
        let script = try temporaryScript("spawn(function() nova.flavors.list() end)")
        let result = try await stackrunDetached(["run", script], environment: environment)
        #expect(result.status == 4, "\(result.stderr)")
    }

    @Test("README's table of exit statuses and --help list the same statuses")
    func readmeAndHelpAgree() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized, encoding: .utf8)
        let table = try #require(readme.components(separatedBy: "### Exit status").dropFirst().first?.components(separatedBy: "\n\n")
            .first { $0.contains("| Code |") })
        let documented = Set(table.matches(of: /\n\| (\d+) \|/).map { String($0.1) })
        let help = try stackrun(["--help"]).stdout
        let listed = Set(help.components(separatedBy: "Exit status:").last!.matches(of: #/\n  (\d+) /#).map { String($0.1) })
        #expect(documented.count >= 14, "\(documented)")
        #expect(documented == listed, "README only: \(documented.subtracting(listed).sorted()), --help only: \(listed.subtracting(documented).sorted())")
    }

    @Test("--help lists every exit status")
    func helpListsEveryStatus() throws {
        let result = try stackrun(["--help"])
        for line in ["0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "77 ", "124 ", "130 ", "143 "] {
            #expect(result.stdout.contains("\n  \(line)"), "--help lists \(line): \(result.stdout)")
        }
    }
}
