import Emulator
import Foundation
import Glibc

/// What came back on the wire, header names spelled as sent.
struct WireResponse: Sendable {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The header's name exactly as the server wrote it.
    func headerSpelling(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.name
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: EmulatorJSON {
        get throws { try EmulatorJSON.parse(body) }
    }
}

enum WireError: Error, CustomStringConvertible {
    case connect(Int32)
    case malformed(String)
    case timedOut

    var description: String {
        switch self {
        case .connect(let code): "connect failed: errno \(code)"
        case .malformed(let reason): "malformed response: \(reason)"
        case .timedOut: "timed out"
        }
    }
}

/// A deliberately plain HTTP/1.1 client over a socket: one connection per request, nothing
/// hidden, so that tests see exact header spelling and can tell a dropped connection from an
/// answer. Blocking I/O runs on its own thread, off Swift's cooperative pool, which the server shares.
struct WireClient: Sendable {
    let port: Int

    /// Nil when the server closed the connection without sending a byte.
    func exchange(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws
        -> WireResponse?
    {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.count)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8) + (body ?? [])
        let port = self.port
        let raw = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try Self.roundTrip(port: port, request: bytes) })
            }
            thread.start()
        }
        if raw.isEmpty { return nil }
        return try Self.parse(raw, head: method == "HEAD")
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> WireResponse {
        guard let response = try await exchange(method, path, headers: headers, body: body) else {
            throw WireError.malformed("the connection closed without a response")
        }
        return response
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = [], json: EmulatorJSON) async throws -> WireResponse {
        try await send(method, path, headers: headers + [("Content-Type", "application/json")], body: Array(json.serialized().utf8))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> WireResponse {
        try await send("GET", path, headers: headers)
    }

    private static func roundTrip(port: Int, request: [UInt8]) throws -> [UInt8] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw WireError.connect(errno) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw WireError.connect(errno) }
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN {
                throw WireError.timedOut
            } else {
                // ECONNRESET and the like: whatever arrived is all there is.
                break
            }
        }
        return received
    }

    private static func parse(_ raw: [UInt8], head: Bool) throws -> WireResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else {
            throw WireError.malformed("no end of headers in \(raw.count) bytes")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw WireError.malformed("status line \(lines[0])") }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(raw[(end + 4)...])
        if head { body = [] }
        if let length = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }), !head {
            guard body.count >= length else { throw WireError.malformed("body has \(body.count) of \(length) bytes") }
            body = Array(body.prefix(length))
        }
        return WireResponse(status: status, headers: headers, body: body)
    }
}
