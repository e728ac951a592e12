import Synchronization
public import Transport

/// A request exactly as it is about to be sent, for a trace (`--debug`). Nothing in it can show
/// a secret: headers that carry one are kept as Secret (a token shows as its fingerprint, any
/// other secret as "***"), the URL has no credentials, and the body is shown only through
/// `shownBody`, which masks secrets and never shows a token request's body (it holds the
/// password).
public struct TracedRequest: Sendable, CustomStringConvertible {
    public enum HeaderValue: Sendable, Equatable {
        case plain(String)
        case secret(Secret)
    }

    /// Its number among the requests this process traced, from 1: what pairs a request with its
    /// answer when many are in flight.
    public let number: Int
    public let service: String
    public let method: String
    /// The URL with its credentials and the values of secret query parameters replaced.
    public let url: String
    public let headers: [(name: String, value: HeaderValue)]
    /// "none", "42 bytes", "file /path/to/image".
    public let body: String
    /// 1 for the first time it is sent.
    public let attempt: Int
    /// A request for a token (a POST to .../auth/tokens, Keystone v2's .../tokens, an OAuth
    /// .../token): neither its body (the password, an application credential's secret) nor its
    /// answer's body (Keystone's catalog, an OAuth access token) is shown, as keystoneauth
    /// logs neither.
    public let isTokenRequest: Bool
    /// Where the answer's body goes when it is streamed into a file (a download).
    let outputFile: String?
    private let content: HTTPRequest.Body
    private let contentType: String?

    private static let counter = Atomic<Int>(0)

    public init(_ request: HTTPRequest, service: String, attempt: Int) {
        number = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
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
        let path = URLText(request.url).map { $0.rest.prefix { $0 != "?" && $0 != "#" } } ?? ""
        isTokenRequest = request.method.uppercased() == "POST" && (path.hasSuffix("/tokens") || path.hasSuffix("/token"))
        if case .file(let path) = request.output { outputFile = path } else { outputFile = nil }
        content = request.body
        contentType = request.headers["content-type"]
    }

    /// "Name: value" per header, a token as its fingerprint and any other secret as "***".
    public var headerLines: [String] { TracedText.headerLines(headers) }

    /// The body as a trace shows it, at most `limit` bytes of it; nil when there is none.
    public func shownBody(limit: Int) -> String? {
        switch content {
        case .none: return nil
        case .file(let path): return "(streamed from the file \(path))"
        case .bytes(let bytes):
            if isTokenRequest { return "(\(bytes.count) bytes, not shown: a token request's body holds the credentials)" }
            return TracedText.body(bytes, contentType: contentType, limit: limit)
        }
    }

    /// "GET http://host/v3/auth/projects (keystone, attempt 1, body: none)" and one
    /// "Name: value" line per header.
    public var description: String {
        (["\(method) \(url) (\(service), attempt \(attempt), body: \(body))"] + headerLines).joined(separator: "\n")
    }
}

/// What came back for a traced request: an answer, with any status, or the reason there was none.
public struct TracedResponse: Sendable {
    public let request: TracedRequest
    /// The answer's status; nil when no answer came (`failure` says why).
    public let status: Int?
    public let failure: String?
    public let milliseconds: Int
    public let requestID: String?
    public let headers: [(name: String, value: TracedRequest.HeaderValue)]
    /// Body bytes received, in memory or into a file.
    public let bodySize: Int64
    private let content: [UInt8]
    private let contentType: String?

    public init(_ result: Result<HTTPResponse, TransportError>, to request: TracedRequest, milliseconds: Int) {
        self.request = request
        self.milliseconds = milliseconds
        switch result {
        case .success(let response):
            (status, failure) = (response.status, nil)
            requestID = RequestID.of(response.headers)
            headers = response.headers.map { field in
                (field.name, SecretName.isSecret(field.name) ? .secret(Secret(field.value)) : .plain(field.value))
            }
            (bodySize, content, contentType) = (response.bodySize, response.body, response.headers["content-type"])
        case .failure(let error):
            (status, failure, requestID, headers) = (nil, "\(error.kind.summary): \(error.detail)", nil, [])
            (bodySize, content, contentType) = (0, [], nil)
        }
    }

    public var headerLines: [String] { TracedText.headerLines(headers) }

    /// The body as a trace shows it, at most `limit` bytes of it; nil when there is none.
    public func shownBody(limit: Int) -> String? {
        guard bodySize > 0 else { return nil }
        if let file = request.outputFile { return "(\(bodySize) bytes, written to the file \(file))" }
        if request.isTokenRequest { return "(\(bodySize) bytes, not shown: the answer to a token request)" }
        return TracedText.body(content, contentType: contentType, limit: limit)
    }
}
