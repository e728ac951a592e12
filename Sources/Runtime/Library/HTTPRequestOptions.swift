import JSONValue
import LuaBridge
import Transport

/// Reads the options table of `http.request` into an HTTPRequest, refusing unknown keys and
/// conflicting bodies rather than ignoring them.
enum HTTPRequestOptions {
    static let known: Set<String> = [
        "method", "url", "headers", "body", "json", "file", "output", "timeout",
        "connect_timeout", "insecure", "cacert", "cert", "key",
    ]

    static func read(_ call: LuaCall) throws(LuaCallError) -> HTTPRequest {
        try call.table(1)
        let options = try call.json(1)
        guard case .object(let fields) = options else {
            throw .argument(1, "options table expected, got a list")
        }
        for key in fields.keys where !known.contains(key) {
            throw .argument(1, "unknown option '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        func text(_ key: String) throws(LuaCallError) -> String? {
            guard let value = fields[key], !value.isNull else { return nil }
            guard let string = value.stringValue else { throw .argument(1, "'\(key)' must be a string") }
            return string
        }
        func seconds(_ key: String) throws(LuaCallError) -> Double? {
            guard let value = fields[key], !value.isNull else { return nil }
            guard let number = value.doubleValue, number > 0 else { throw .argument(1, "'\(key)' must be a positive number of seconds") }
            return number
        }
        guard let url = try text("url") else { throw .argument(1, "'url' is required") }
        var request = HTTPRequest(url: url)
        request.method = try text("method")?.uppercased() ?? "GET"
        if case .object(let headers)? = fields["headers"] {
            for member in headers.members {
                guard let value = member.value.identifierText else {
                    throw .argument(1, "header '\(member.key)' must be a string")
                }
                request.headers.add(member.key, value)
            }
        } else if let headers = fields["headers"], !headers.isNull, headers != .array([]) {
            throw .argument(1, "'headers' must be a table of name = value")
        }
        let bodies = ["body", "json", "file"].filter { fields[$0] != nil && fields[$0] != .null }
        if bodies.count > 1 { throw .argument(1, "give only one of \(bodies.joined(separator: ", "))") }
        if let body = fields["body"], !body.isNull {
            guard case .string(let bytes) = body else { throw .argument(1, "'body' must be a string") }
            request.body = .bytes(bytes)
        } else if let value = fields["json"] {
            do {
                request.body = .bytes(try value.encoded())
            } catch {
                throw .argument(1, "'json': \(error.message)")
            }
            if !request.headers.contains("Content-Type") { request.headers.add("Content-Type", "application/json") }
            if !request.headers.contains("Accept") { request.headers.add("Accept", "application/json") }
        } else if let path = try text("file") {
            request.body = .file(path: path)
        }
        if let path = try text("output") { request.output = .file(path: path) }
        request.timeouts.total = try seconds("timeout")
        if let connect = try seconds("connect_timeout") { request.timeouts.connect = connect }
        request.tls = HTTPRequest.TLS(
            caBundle: try text("cacert"), clientCertificate: try text("cert"), clientKey: try text("key"),
            insecure: fields["insecure"]?.boolValue ?? false)
        return request
    }
}
