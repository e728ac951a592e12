import Glibc

/// Tests/Fixtures/test_server.py, started by a test on a free loopback port (it binds port 0
/// and reports the port it got). Stop it with `stop()`; it also exits when the test process
/// goes away.
final class TestServer: Sendable {
    let host: String
    let port: Int
    let scheme: String
    private let process: ChildProcess
    private let scratch: TemporaryDirectory

    private init(host: String, port: Int, scheme: String, process: ChildProcess, scratch: TemporaryDirectory) {
        self.host = host
        self.port = port
        self.scheme = scheme
        self.process = process
        self.scratch = scratch
    }

    /// A plain HTTP server, or HTTPS with `tls`'s server certificate (and, when `requireClient`,
    /// asking for a client certificate from the same CA).
    static func start(tls: TestCertificates? = nil, requireClient: Bool = false, host: String = "127.0.0.1") async throws -> TestServer {
        let scratch = try TemporaryDirectory("server")
        var arguments = ["/usr/bin/python3", Fixtures.directory + "/test_server.py", "--host", host, "--blobs", scratch.path]
        if let tls {
            arguments += ["--cert", tls.serverCertificate, "--key", tls.serverKey]
            if requireClient { arguments += ["--client-ca", tls.ca] }
        }
        let process = try ChildProcess(arguments, outputIn: scratch.path)
        guard await process.waitFor("PORT ", in: \.stdout, seconds: 20),
              let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
              let port = Int(line.dropFirst(5).trimmingCharacters())
        else {
            process.send(SIGKILL)
            process.wait()
            let errors = process.stderr
            scratch.remove()
            throw ChildProcess.SpawnError(description: "the test server did not start: \(errors)")
        }
        return TestServer(host: host, port: port, scheme: tls == nil ? "http" : "https", process: process, scratch: scratch)
    }

    /// "http://127.0.0.1:<port><path>".
    func url(_ path: String) -> String { "\(scheme)://\(host):\(port)\(path)" }

    /// The server's counters (GET /stats), fetched by the curl tool on a connection of its own.
    func stats() throws -> [String: Int] {
        let body = try run(["/usr/bin/curl", "-sS", "-k", "--max-time", "10", url("/stats")])
        var counters: [String: Int] = [:]
        for match in body.matches(of: /"(\w+)": (\d+)/) { counters[String(match.1)] = Int(match.2) }
        return counters
    }

    /// Waits until counter `name` has `value`; false if it has not after `seconds`.
    func waitFor(_ name: String, toBe value: Int, seconds: Double = 10) async throws -> Bool {
        let deadline = Clock.now + seconds
        repeat {
            if try stats()[name] == value { return true }
            try await Task.sleep(nanoseconds: 20_000_000)
        } while Clock.now < deadline
        return false
    }

    /// Kills the server (its stored blobs live in our scratch directory, removed here).
    func stop() {
        process.send(SIGKILL)
        process.wait()
        scratch.remove()
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

/// A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made by
/// Tests/Fixtures/make_certs.sh with openssl. No system trusts this CA.
struct TestCertificates: Sendable {
    let directory: TemporaryDirectory
    var ca: String { directory.file("ca.pem") }
    var serverCertificate: String { directory.file("server.pem") }
    var serverKey: String { directory.file("server.key") }
    var clientCertificate: String { directory.file("client.pem") }
    var clientKey: String { directory.file("client.key") }

    private init() throws {
        directory = try TemporaryDirectory("pki")
        try run(["/bin/bash", Fixtures.directory + "/make_certs.sh", directory.path])
    }

    /// One set for the whole test process, removed when it exits.
    static func shared() throws -> TestCertificates { try made.get() }

    private static let made: Result<TestCertificates, any Error> = {
        let result = Result { try TestCertificates() }
        if case .success = result { atexit { try? TestCertificates.made.get().directory.remove() } }
        return result
    }()
}
