/// Why a request got no HTTP response. HTTP error statuses are responses, not TransportErrors.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable snake_case name that scripts test (`err.kind` of an
    /// `http.request` error) and README documents: renaming one breaks scripts.
    public enum Kind: String, Sendable, CaseIterable {
        case invalidRequest = "invalid_request"
        case resolve
        case connect
        case tls
        case timeout
        case send
        case receive
        case tooLarge = "too_large"
        case file
        case cancelled
        case other

        /// The same for people, in messages: "cannot connect".
        public var summary: String {
            switch self {
            case .invalidRequest: "invalid request"
            case .resolve: "cannot resolve host"
            case .connect: "cannot connect"
            case .tls: "TLS failure"
            case .timeout: "timed out"
            case .send: "send failed"
            case .receive: "receive failed"
            case .tooLarge: "response too large"
            case .file: "file error"
            case .cancelled: "cancelled"
            case .other: "transfer failed"
            }
        }
    }

    public var kind: Kind
    /// What curl or the file system said.
    public var detail: String
    public var method: String
    /// The URL, without any user:password part.
    public var url: String
    /// False only when the request certainly never reached the server (it could not connect),
    /// so that a retry cannot duplicate a non-idempotent call.
    public var requestMayHaveBeenSent: Bool

    public init(_ kind: Kind, _ detail: String, method: String, url: String, requestMayHaveBeenSent: Bool) {
        self.kind = kind
        self.detail = detail
        self.method = method
        self.url = redactingCredentials(url)
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    public var description: String { "\(method) \(url): \(kind.summary): \(detail)" }
}

