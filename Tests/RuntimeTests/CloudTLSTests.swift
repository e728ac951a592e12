import Glibc
import Testing

/// A cloud whose Keystone speaks TLS with a certificate from a CA made for the test (the fixture
/// server; make_certs.sh): verified by default, trusted through OS_CACERT, and not verified with
/// OS_INSECURE or clouds.yaml's `verify: false`, which every run warns about. The fixture server
/// is no Keystone: once TLS is through, its 404 to the token request is a configuration error
/// (exit 3), where a TLS failure is `unreachable` (exit 5).
@Suite(.exclusive) struct CloudTLSTests {
    func run(_ server: TestServer, _ environment: [String: String]) async throws -> (status: Int32, stderr: String) {
        var variables = ["OS_CLOUD": "", "OS_AUTH_URL": server.url("/identity"), "OS_USERNAME": "admin",
                         "OS_PASSWORD": "pw-tls", "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default",
                         "OS_PROJECT_DOMAIN_NAME": "Default", "OS_CACERT": "", "OS_INSECURE": "", "OS_CLIENT_CONFIG_FILE": ""]
        variables.merge(environment) { $1 }
        let run = try CommandLineTests.Run("return #nova.flavors.list()", arguments: ["--retries", "0", "--no-journal"],
                                           environment: variables)
        defer { run.remove() }
        return (await run.finish(), run.process.stderr)
    }

    func warning(_ server: TestServer) -> String { "TLS verification is off for 127.0.0.1:\(server.port)" }

    @Test func verificationIsOnByDefault() async throws {
        let server = try await TestServer.start(tls: try await TestCertificates.shared())
        defer { server.stop() }
        let (status, stderr) = try await run(server, [:])
        #expect(status == 5, "\(stderr)")
        #expect(stderr.contains("certificate") && !stderr.contains(warning(server)), "\(stderr)")
    }

    @Test func theCABundleOfOSCACERTIsTrusted() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let (status, stderr) = try await run(server, ["OS_CACERT": pki.ca])
        #expect(status == 3 && stderr.contains("no Keystone token API at this URL"), "\(stderr)")
        #expect(!stderr.contains(warning(server)))
    }

    @Test func osInsecureWarnsOnEveryRun() async throws {
        let server = try await TestServer.start(tls: try await TestCertificates.shared())
        defer { server.stop() }
        for _ in 1...2 {
            let (status, stderr) = try await run(server, ["OS_INSECURE": "true"])
            #expect(status == 3, "\(stderr)")
            #expect(stderr.components(separatedBy: warning(server)).count == 2, "once per run: \(stderr)")
        }
    }

    @Test(arguments: ["verify: false", "insecure: true"])
    func cloudsYAMLWarnsOnEveryRun(setting: String) async throws {
        let server = try await TestServer.start(tls: try await TestCertificates.shared())
        defer { server.stop() }
        let directory = try TemporaryDirectory("tls")
        defer { directory.remove() }
        try directory.write("clouds.yaml", """
            clouds:
              lab:
                \(setting)
                auth:
                  auth_url: \(server.url("/identity"))
                  username: admin
                  password: pw-tls
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
            """)
        for _ in 1...2 {
            let (status, stderr) = try await run(server, ["OS_CLOUD": "lab", "OS_CLIENT_CONFIG_FILE": directory.file("clouds.yaml")])
            #expect(status == 3, "\(stderr)")
            #expect(stderr.components(separatedBy: warning(server)).count == 2, "once per run: \(stderr)")
        }
    }
}
