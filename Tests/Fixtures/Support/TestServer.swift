import Glibc

/// Tests/Fixtures/test_server.py, started by a test on a free loopback port (it binds port 0
/// and reports the port it got). Stop it with `stop()`; it also exits when the test process
/// goes away.
final class TestServer: Sendable {
    let port: Int
    let scheme: String
    private let process: ChildProcess
    private let scratch: TemporaryDirectory

    /// A plain HTTP server, or HTTPS with `tls`'s server certificate (and, when `requireClient`,
    /// asking for a client certificate from the same CA).
    init(tls: TestCertificates? = nil, requireClient: Bool = false) throws {
        scratch = try TemporaryDirectory("server")
        var arguments = ["/usr/bin/python3", Fixtures.directory + "/test_server.py"]
        if let tls {
            arguments += ["--cert", tls.serverCertificate, "--key", tls.serverKey]
            if requireClient { arguments += ["--client-ca", tls.ca] }
        }
        scheme = tls == nil ? "http" : "https"
        process = try ChildProcess(arguments, outputIn: scratch.path)
        guard process.waitFor("PORT ", in: \.stdout, seconds: 20),
              let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
              let port = Int(line.dropFirst(5).trimmingCharacters())
        else {
            process.send(SIGKILL)
            process.wait()
            let errors = process.stderr
            scratch.remove()
            throw ChildProcess.SpawnError(description: "the test server did not start: \(errors)")
        }
        self.port = port
    }

    /// "http://127.0.0.1:<port><path>".
    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    func stop() {
        process.send(SIGTERM)
        if process.wait(seconds: 5) == nil {
            process.send(SIGKILL)
            process.wait()
        }
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

    init() throws {
        directory = try TemporaryDirectory("pki")
        try run(["/bin/bash", Fixtures.directory + "/make_certs.sh", directory.path])
    }

    func remove() { directory.remove() }
}
