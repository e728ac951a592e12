@testable import Emulator
import Foundation
import SystemIO
import Testing

/// `--debug` over real HTTP: each request and answer is shown (method, URL, status, time, request
/// id, headers, bodies cut at the limit), and no password, token, application-credential secret
/// or private key is. Secrets are compared only as booleans: a failing #expect prints its
/// operands, and must not print these.
@Suite("--debug: every request and answer, no secret")
struct DebugTraceTests {
    static let password = "pw-Trace-8sKq-never-shown"
    static let wrongPassword = "pw-Trace-Wr0ng-never-shown"
    static let scriptToken = "tok-Trace-Script-4n7Q"

    /// Signs in with a password, creates a key pair (its answer holds the private key) and an
    /// application credential (its answer holds the secret), signs in with that credential, is
    /// refused a wrong password, and calls `http.request` with a token of its own.
    static let script = """
        local images = glance.images.list()
        local key = nova.keypairs.create{name = "traced"}
        local user = openstack.request{service = "identity", path = "/users?name=admin"}.json.users[1].id
        local credential = openstack.request{service = "identity", method = "POST", path = "/users/" .. user .. "/application_credentials",
          body = {application_credential = {name = "traced"}}}.json.application_credential
        local robot = keystone.auth{auth_url = os.getenv("OS_AUTH_URL"), auth_type = "v3applicationcredential",
          application_credential_id = credential.id, application_credential_secret = credential.secret}
        robot.nova.flavors.list()
        pcall(keystone.auth, {auth_url = os.getenv("OS_AUTH_URL"), username = "admin", password = "\(wrongPassword)",
          project_name = "admin", user_domain_name = "Default", project_domain_name = "Default"})
        http.request{url = os.getenv("OS_AUTH_URL") .. "/v3?token=\(scriptToken)", headers = {["X-Auth-Token"] = "\(scriptToken)"}}
        return key.private_key
        """

    /// A run of the script against an emulator whose admin has a password of its own; what it
    /// printed, and every secret there was to print.
    func traced(_ options: [String]) async throws -> (result: Invocation, secrets: [String], tokens: [String]) {
        var config = EmulatorConfig()
        for index in config.identity.users.indices where config.identity.users[index].name == "admin" {
            config.identity.users[index].password = Self.password
        }
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var environment = cloudEnvironment(emulator)
        environment["OS_PASSWORD"] = Self.password
        let result = try await stackrunDetached(["run", "--no-journal", "--allow-net=127.0.0.1"] + options + [try temporaryScript(Self.script)], environment: environment)
        let (tokens, credentials) = try emulator.cloud.withState { state in
            (Array(state.identity.tokens.keys), state.identity.applicationCredentials.values.map(\.secret))
        }
        let privateKey = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: .fragmentsAllowed)) as? String
        let secrets = [Self.password, Self.wrongPassword, Self.scriptToken] + tokens + credentials + [privateKey ?? "no private key"]
        return (result, secrets, tokens)
    }

    @Test("text: requests and answers shown, tokens as fingerprints, secrets masked")
    func text() async throws {
        let (result, secrets, tokens) = try await traced(["--debug", "--log-level", "error"])
        let stderr = result.stderr
        #expect(result.status == 0, "\(stderr)")
        #expect(result.stdout.contains("OPENSSH PRIVATE KEY"), "the private key goes to the script that created it")
        let leaked = secrets.filter { stderr.contains($0) }.count
        #expect(leaked == 0, "secrets in the trace")
        #expect(tokens.count == 2, "the admin's and the application credential's; none for the refused sign-in")

        let lines = stderr.split(separator: "\n").map(String.init)
        // --debug shows debug records whatever --log-level says.
        let signIn = lines.filter { $0.contains(" DEBUG POST ") && $0.contains("/v3/auth/tokens") }
        #expect(signIn.count == 6, "three token requests and their answers: \(signIn)")
        #expect(signIn.allSatisfy { $0.contains("not shown") })
        let fingerprints = Set(tokens.map { "{SHA256}" + SHA256.hex($0).prefix(16) })
        let issued = signIn.filter { $0.contains("-> 201") }
        #expect(issued.count == 2 && issued.allSatisfy { line in fingerprints.contains { line.contains("X-Subject-Token: \($0)") } })
        #expect(signIn.contains { $0.contains("-> 401") }, "the refused sign-in")

        // Booleans only, here too: were these lines wrong, they could hold the secrets.
        let keypairMasked = lines.contains { $0.contains("os-keypairs -> 201") && $0.contains(#"\"private_key\":\"***\""#) }
        #expect(keypairMasked)
        let credentialMasked = lines.contains { $0.contains("/application_credentials -> 201") && $0.contains(#"\"secret\":\"***\""#) }
        #expect(credentialMasked)
        let list = try #require(lines.first { $0.contains("GET ") && $0.contains("/images -> 200") })
        #expect(list.contains(#"body="{\"images\":[{"#) && list.contains("ms=") && list.contains("http=response"))
        // The answer's request id is the one its header carries.
        let requestID = try #require(list.firstMatch(of: /request_id=(req-[0-9a-f-]+)/)?.1)
        #expect(list.contains("X-Openstack-Request-Id: \(requestID)") || list.contains("x-openstack-request-id: \(requestID)"))
        let calls = lines.filter { $0.contains("http=request") && $0.contains("service=nova") }
        #expect(!calls.isEmpty && calls.allSatisfy { line in fingerprints.contains { line.contains("X-Auth-Token: \($0)") } })

        let own = lines.filter { $0.contains("service=http") }
        #expect(own.count == 2, "http.request is traced too: \(own.count)")
        #expect(own.first?.contains("?token=***") == true && own.first?.contains("X-Auth-Token: {SHA256}") == true)
    }

    @Test("json: every line a record, each request and answer one with its fields; bodies cut at the limit")
    func json() async throws {
        let (result, secrets, _) = try await traced(["--debug", "--log-format", "json", "--debug-body-limit", "64"])
        #expect(result.status == 0, "\(result.stderr)")
        let leaked = secrets.filter { result.stderr.contains($0) }.count
        #expect(leaked == 0, "secrets in the trace")
        let records = jsonRecords(result.stderr).filter { $0["logger"] as? String == "stackrun.http" }
        let requests = records.filter { $0["http"] as? String == "request" }
        let answers = records.filter { $0["http"] as? String == "response" }
        #expect(requests.count == answers.count && requests.count > 10)
        #expect(records.allSatisfy { $0["level"] as? String == "debug" && $0["trace"] is Int && $0["headers"] is [String] })
        #expect(answers.allSatisfy { $0["status"] is Int && $0["ms"] is Int && $0["request_id"] is String })
        // Each answer pairs with its request by number.
        let numbers = requests.compactMap { $0["trace"] as? Int }
        #expect(Set(numbers) == Set(answers.compactMap { $0["trace"] as? Int }) && Set(numbers).count == numbers.count)
        let bodies = records.compactMap { $0["body"] as? String }.filter { $0.hasPrefix("{") }
        #expect(!bodies.isEmpty && bodies.allSatisfy { $0.utf8.count <= 64 || $0.hasSuffix("more bytes not shown]") })
        #expect(bodies.contains { $0.hasSuffix("more bytes not shown]") })
    }

    @Test("without --debug, no request is traced; stackrun cleanup --debug traces its deletes")
    func offByDefaultAndCleanup() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let script = try temporaryScript("neutron.networks.create{name = 'traced'}")
        let run = try await stackrunDetached(["run", "--journal", journal, "--log-level", "debug", script],
                                             environment: cloudEnvironment(emulator))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("http=request") && run.stderr.contains("/networks -> 201"), "the one-line summary only")
        let cleanup = try await stackrunDetached(["cleanup", "--debug", journal], environment: cloudEnvironment(emulator))
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cleanup.stderr.split(separator: "\n").contains {
            $0.contains("DEBUG DELETE ") && $0.contains("/networks/") && $0.contains("http=request")
        }, "\(cleanup.stderr)")
    }
}
