@testable import Emulator
import Foundation
import Testing

/// DEVELOPERS.md: a password, token or key never appears in a log, an error or a trace. One run
/// does what puts most text on stderr (debug logging, a token renewal, a refused sign-in, an API
/// error, an uncaught error with its traceback), and then no password or token may be found in
/// anything it printed.
@Suite("secrets stay out of output")
struct SecretTests {
    static let password = "pw-Qz7v-never-printed"
    static let wrongPassword = "pw-Kd9x-also-never-printed"

    @Test("a whole run at debug level prints no password and no token", arguments: ["text", "json"])
    func noSecretInARun(logFormat: String) async throws {
        var config = EmulatorConfig()
        for index in config.identity.users.indices where config.identity.users[index].name == "admin" {
            config.identity.users[index].password = Self.password
        }
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var plan = FaultPlan()
        plan.earlyTokenExpiry = FaultPlan.EarlyTokenExpiry(rate: 1, afterSeconds: 1)
        emulator.setFaults(plan)
        var environment = cloudEnvironment(emulator)
        environment["OS_PASSWORD"] = Self.password
        let script = try temporaryScript("""
            glance.images.list()
            sleep(1.5)
            glance.images.list() -- refused: the first token died early; renewed once
            local refused_ok, refused = pcall(keystone.auth, {
              auth_url = os.getenv("OS_AUTH_URL"), username = "admin", password = "\(Self.wrongPassword)",
              project_name = "admin", user_domain_name = "Default", project_domain_name = "Default"})
            log.warn("sign-in refused", {error = tostring(refused)})
            local missing_ok, missing = pcall(nova.get, "no-such-server")
            log.warn("lookup failed", {error = tostring(missing)})
            error(missing)
            """)
        let run = Task { try await stackrunDetached(["run", "--log-level", "debug", "--log-format", logFormat, script], environment: environment) }
        // Only the first token dies early, so that the renewed one lives however slow the machine.
        let signedIn = try await eventually { emulator.stats()["tokens_issued"]?.intValue ?? 0 >= 1 }
        #expect(signedIn, "the script never signed in")
        emulator.setFaults(FaultPlan())
        let result = try await run.value

        let output = result.stdout + result.stderr
        // The run did what it was meant to, so the checks below looked at real output.
        #expect(result.status == 1)
        #expect(output.contains("no-such-server"), "\(output)")
        #expect(emulator.stats()["requests"]?["by_status"]?["401"] != nil)
        let tokens = try emulator.cloud.withState { Array($0.identity.tokens.keys) }
        #expect(tokens.count >= 2, "the first token and its renewal")

        // Counted rather than shown: a failure must not print the secret it found.
        let printed = ([Self.password, Self.wrongPassword] + tokens).filter { output.contains($0) }.count
        #expect(printed == 0, "secrets printed by the run")
    }

    @Test("a password from secure.yaml is in no output: debug level, --debug, an uncaught API error")
    func secureYAMLPassword() async throws {
        // The test command's made-up password, which its search looks for too; run alone, one
        // distinctive enough to look for here ("admin" is in every other line).
        let password = TestEnvironment.adminPassword == "admin" ? "pw-Yaml-6tRw-never-printed" : TestEnvironment.adminPassword
        var config = EmulatorConfig()
        for index in config.identity.users.indices where config.identity.users[index].name == "admin" {
            config.identity.users[index].password = password
        }
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let clouds = try temporaryScript("""
            clouds:
              lab:
                region_name: RegionOne
                auth:
                  auth_url: \(emulator.authURL)
                  username: admin
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
            """, name: "clouds.yaml")
        let secure = URL(fileURLWithPath: clouds).deletingLastPathComponent().appendingPathComponent("secure.yaml").path
        try "clouds:\n  lab:\n    auth:\n      password: \(password)\n".write(toFile: secure, atomically: true, encoding: .utf8)
        let script = try temporaryScript("""
            nova.flavors.list()
            log.info("the cloud", {cloud = keystone.auth{cloud = "lab"}.name})
            error(select(2, pcall(nova.get, "no-such-server")))
            """)
        let result = try await stackrunDetached(["run", "--log-level", "debug", "--debug", script], environment: [
            "OS_CLOUD": "lab", "OS_CLIENT_CONFIG_FILE": clouds, "OS_CLIENT_SECURE_FILE": secure, "OS_AUTH_URL": "",
        ])
        let output = result.stdout + result.stderr
        #expect(result.status == 1 && output.contains("no-such-server"), "\(result.stderr)")
        #expect(output.contains("DEBUG GET"), "the run was traced")
        let printed = output.contains(password)
        #expect(!printed, "the password was printed")
    }

    @Test("a password in the auth URL reaches neither the journal nor cleanup's messages")
    func credentialsInTheAuthURL() async throws {
        let secret = "pw-Url-3mZp-never-printed"
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var environment = cloudEnvironment(emulator)
        environment["OS_AUTH_URL"] = emulator.authURL.replacing("http://", with: "http://ops:\(secret)@")
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let run = try await stackrunDetached(["run", "--journal", journal, try temporaryScript("neutron.networks.create{name = 'u'}")],
                                             environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: journal, encoding: .utf8)
        let journaled = lines.contains(secret)
        #expect(lines.contains(#""auth_url":"http://***@127.0.0.1"#) && !journaled)
        // A cleanup configured for another Keystone says which it tried, without the password;
        // the one configured with the journal's Keystone undoes the run.
        var elsewhere = environment
        elsewhere["OS_AUTH_URL"] = "http://ops:\(secret)@127.0.0.1:9/identity"
        let refused = try await stackrunDetached(["cleanup", journal], environment: elsewhere)
        let named = refused.stderr.contains(secret)
        #expect(refused.status == 3 && refused.stderr.contains("127.0.0.1:9") && !named)
        let cleanup = try await stackrunDetached(["cleanup", journal], environment: environment)
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
    }
}
