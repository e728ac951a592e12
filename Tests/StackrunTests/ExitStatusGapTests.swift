import Emulator
import Foundation
import Testing

/// Exit statuses 3 and 4 through the binary where ExitStatusTests and OneCloudTests leave gaps:
/// a clouds.yaml without the entry asked for, and a wrong password in the main script.
@Suite("exit status 3 and 4 from the main script")
struct ExitStatusGapTests {
    @Test("OS_CLOUD naming an entry clouds.yaml lacks exits 3, naming the entries it has")
    func missingCloudsEntry() async throws {
        let clouds = try temporaryScript("""
            clouds:
              lab:
                auth:
                  auth_url: http://127.0.0.1:9/identity
                  username: admin
                  password: admin
            """, name: "clouds.yaml")
        let script = try temporaryScript("return #nova.flavors.list()")
        let result = try await stackrunDetached(["run", script], environment: [
            "OS_CLIENT_CONFIG_FILE": clouds, "OS_CLOUD": "production", "OS_AUTH_URL": "",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("no cloud named 'production'"), "\(result.stderr)")
        #expect(result.stderr.contains("lab"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("--os-cloud naming a missing entry exits 3 as well")
    func missingEntryByFlag() async throws {
        let clouds = try temporaryScript("clouds: {}\n", name: "clouds.yaml")
        let script = try temporaryScript("return #nova.flavors.list()")
        let result = try await stackrunDetached(["run", "--os-cloud", "dr", script], environment: [
            "OS_CLIENT_CONFIG_FILE": clouds, "OS_CLOUD": "", "OS_AUTH_URL": "",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("no cloud named 'dr'"), "\(result.stderr)")
    }

    @Test("a wrong password against the emulator exits 4 from the main script")
    func wrongPassword() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var environment = cloudEnvironment(emulator)
        environment["OS_PASSWORD"] = "not-the-password"
        let script = try temporaryScript("return #nova.list()")
        let result = try await stackrunDetached(["run", script], environment: environment)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(!result.stderr.contains("not-the-password"), "the password is never printed")
        #expect(emulator.stats()["requests"]?["by_status"]?["401"]?.intValue ?? 0 >= 1)
    }
}
