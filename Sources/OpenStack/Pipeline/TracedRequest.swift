import Transport

/// A request exactly as it is about to be sent, for a trace (a future `--debug`). Headers that
/// carry a secret are kept as Secret, so printing the trace shows "***" for them; the body is
/// described by its size, never shown: the token request's body holds the password.
public struct TracedRequest: Sendable, CustomStringConvertible {
    public enum HeaderValue: Sendable, Equatable {
        case plain(String)
        case secret(Secret)
    }


    public let service: String
    public let method: String
    /// The URL with any credentials in it replaced.
    public let url: String
    public let headers: [(name: String, value: HeaderValue)]
    /// "none", "42 bytes", "file /path/to/image".
    public let body: String
    /// 1 for the first time it is sent.
    public let attempt: Int

    init(_ request: HTTPRequest, service: String, attempt: Int) {
        self.service = service
        method = request.method
        url = redactingCredentials(request.url)
        headers = request.headers.map { field in
            (field.name, SecretName.isSecret(field.name) ? .secret(Secret(field.value)) : .plain(field.value))
        }
        switch request.body {
        case .none: body = "none"
        case .bytes(let bytes): body = "\(bytes.count) bytes"
        case .file(let path): body = "file \(path)"
        }
        self.attempt = attempt
    }

    /// "GET http://host/v3/auth/projects (attempt 1)" and one "Name: value" line per header,
    /// secrets as "***".
    public var description: String {
        var lines = ["\(method) \(url) (\(service), attempt \(attempt), body: \(body))"]
        for (name, value) in headers {
            switch value {
            case .plain(let text): lines.append("\(name): \(text)")
            case .secret(let secret): lines.append("\(name): \(secret)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
