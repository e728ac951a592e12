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
        // 60 s: the sanitized suite starts hundreds of tests at once on two cores, and this
        // once missed 20 s there.
        guard await process.waitFor("PORT ", in: \.stdout, seconds: 60),
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

    /// The server's counters (GET /stats), asked in process over a connection of their own.
    func stats() throws -> [String: Int] {
        let body = try plainGET(port: port, path: "/stats", host: host)
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

    private init(directory: TemporaryDirectory) {
        self.directory = directory
    }

    /// One set for the whole test process (made on first use), removed when it exits.
    static func shared() async throws -> TestCertificates { try await made.value }

    private static let made = Task<TestCertificates, any Error> {
        let directory = TemporaryDirectory(fixedPath: pkiPath())
        atexit { removeTree(pkiPath()) }
        try await run(["/bin/bash", Fixtures.directory + "/make_certs.sh", directory.path])
        return TestCertificates(directory: directory)
    }
}

/// Named after the process and the test module (each module compiles these helpers and makes
/// its own set), so that the exit handler, which cannot capture, finds it.
private func pkiPath() -> String {
    "\(TestEnvironment.scratch)/stackrun-pki-\(getpid())-\(#fileID.prefix { $0 != "/" })"
}

/// A plain HTTP/1.0 GET on its own connection, in process and with a short timeout: the
/// test's own view of the fixture server, independent of the transport under test.
func plainGET(port: Int, path: String, host: String = "127.0.0.1") throws -> String {
    try plainRequest(port: port, path: path, host: host)
}

/// `plainGET`, or another method with a body (PUT /crafted).
func plainRequest(method: String = "GET", port: Int, path: String, host: String = "127.0.0.1", body: [UInt8] = []) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw ChildProcess.SpawnError(description: "socket failed") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr(host)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ChildProcess.SpawnError(description: "cannot connect to \(host):\(port)") }
    let request = Array("\(method) \(path) HTTP/1.0\r\nHost: \(host)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
    var sent = 0
    while sent < request.count {
        let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw ChildProcess.SpawnError(description: "cannot send to \(host):\(port)") }
        sent += count
    }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = recv(fd, &buffer, buffer.count, 0)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        response += buffer[..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let bodyStart = text.firstRange(of: "\r\n\r\n") else {
        throw ChildProcess.SpawnError(description: "no response from \(host):\(port)\(path)")
    }
    return String(text[bodyStart.upperBound...])
}
