import Emulator
import Foundation
import Testing

/// One login, one discovery and one emulator per cloud, however many tasks ask for it first;
/// and no cloud at all is an error, not a throwaway emulator.
@Suite("one cloud per run", .serialized)
struct OneCloudTests {
    @Test("parallel first calls share one token and one discovery")
    func parallelFirstCallsShareOneLogin() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            return parallel.map({1, 2, 3, 4, 5}, function() return #nova.flavors.list() end)
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(emulator.stats()["tokens_issued"]?.intValue == 1)
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1") == 1, "one version document read")
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1/flavors/detail") == 5)
    }

    @Test("racing tasks of an --emulator run share one emulator")
    func oneEmulatorPerRun() async throws {
        let script = try temporaryScript("""
            parallel.map({1, 2, 3, 4}, function(i) return neutron.networks.create{name = "race-" .. i}.id end)
            local seen = 0
            for _, network in ipairs(neutron.networks.list()) do
              if network.name:match("^race%-%d$") then seen = seen + 1 end
            end
            return seen
            """)
        let result = try await stackrunDetached(["run", "--emulator", script], environment: ["OS_CLOUD": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "4\n")
        #expect(result.stderr.components(separatedBy: "built-in OpenStack emulator").count - 1 == 1, "one emulator started: \(result.stderr)")
    }

    @Test("a failed first sign-in is not kept: a later call signs in anew")
    func failedSignInNotKept() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local control = ...
            http.request{method = "PUT", url = control .. "/_emulator/faults", json = {errors = {
              {method = "POST", route = "/identity/v3/auth/tokens", rate = 1.0, statuses = {503}, retry_after = 0}}}}
            local ok, e = pcall(nova.flavors.list)
            http.request{method = "DELETE", url = control .. "/_emulator/faults"}
            return {first = e.status, second = #nova.flavors.list()}
            """)
        let result = try await stackrunDetached(["run", "--allow-net=127.0.0.1", script, emulator.baseURL], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"first\": 503,\n  \"second\": 4\n}\n")
    }

    @Test("tasks calling keystone.auth with the same settings share one session")
    func explicitConfigsShareOneSession() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local url = ...
            return parallel.map({1, 2, 3, 4}, function()
              local cloud = keystone.auth{auth_url = url, username = "demo", password = "demo", project_name = "demo",
                                          user_domain_name = "Default", project_domain_name = "Default"}
              return #cloud.nova.flavors.list()
            end)
            """)
        let result = try await stackrunDetached(["run", script, emulator.authURL], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(emulator.stats()["tokens_issued"]?.intValue == 1)
    }

    @Test("STACKRUN_EMULATOR=1 makes the emulator the default cloud even when one is configured")
    func emulatorVariableWins() async throws {
        var environment = try unconfigured()
        environment["OS_AUTH_URL"] = "http://127.0.0.1:9/v3" // nothing listens there
        environment["STACKRUN_EMULATOR"] = "1"
        let result = try await stackrunDetached(["run", try temporaryScript("return #nova.flavors.list()")], environment: environment)
        #expect(result.status == 0 && result.stdout == "4\n", "\(result.stderr)")
    }

    /// A HOME without clouds.yaml, no OS_CLOUD and no OS_AUTH_URL: nothing says which cloud.
    func unconfigured() throws -> [String: String] {
        let home = "\(TestEnvironment.scratch)/sr-home-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return ["HOME": home, "OS_CLOUD": "", "OS_AUTH_URL": "", "OS_CLIENT_CONFIG_FILE": ""]
    }

    @Test("no cloud configured is a configuration error that says how to choose one")
    func noCloudIsAnError() async throws {
        let script = try temporaryScript("return #nova.flavors.list()")
        let result = try await stackrunDetached(["run", script], environment: try unconfigured())
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        for hint in ["OS_CLOUD", "OS_AUTH_URL", "--emulator", "STACKRUN_EMULATOR=1"] {
            #expect(result.stderr.contains(hint), "the message names \(hint): \(result.stderr)")
        }
    }

    @Test("the emulator serves when asked: --emulator, STACKRUN_EMULATOR=1 or keystone.auth{emulator = true}")
    func emulatorWhenAsked() async throws {
        let flavors = try temporaryScript("return #nova.flavors.list()")
        let flag = try await stackrunDetached(["run", "--emulator", flavors], environment: try unconfigured())
        #expect(flag.status == 0 && flag.stdout == "4\n", "\(flag.stderr)")
        var asked = try unconfigured()
        asked["STACKRUN_EMULATOR"] = "1"
        let variable = try await stackrunDetached(["run", flavors], environment: asked)
        #expect(variable.status == 0 && variable.stdout == "4\n", "\(variable.stderr)")
        let auth = try temporaryScript("return #keystone.auth{emulator = true}.nova.flavors.list()")
        let explicit = try await stackrunDetached(["run", auth], environment: try unconfigured())
        #expect(explicit.status == 0 && explicit.stdout == "4\n", "\(explicit.stderr)")
    }
}
