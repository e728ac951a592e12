/// One HTTP request for the loop to perform.
public struct HTTPRequest: Sendable {
    public enum Body: Sendable, Equatable {
        case none
        case bytes([UInt8])
        /// Streamed from a file in pieces, so memory stays flat whatever its size.
        case file(path: String)
    }

    public enum Output: Sendable, Equatable {
        /// Into memory; a larger body fails the request rather than exhausting memory.
        case memory(limit: Int)
        /// Streamed into a file (created or truncated), so memory stays flat.
        case file(path: String)

        public static let memory = Output.memory(limit: 512 << 20)
    }

    public struct Timeouts: Sendable, Equatable {
        /// Seconds to establish the connection (TCP and TLS).
        public var connect: Double = 30
        /// Seconds for the whole transfer; nil for none (a long streamed upload).
        public var total: Double? = nil
        /// Abort when slower than `lowSpeedBytes` per second for `lowSpeedSeconds`.
        public var lowSpeedBytes: Int = 1
        public var lowSpeedSeconds: Double? = nil

        public init(connect: Double = 30, total: Double? = nil) {
            self.connect = connect
            self.total = total
        }
    }

    public struct TLS: Sendable, Equatable {
        /// A PEM bundle of the CAs to trust instead of the system's.
        public var caBundle: String?
        public var clientCertificate: String?
        public var clientKey: String?
        /// Do not verify the server's certificate or name. The loop logs a warning each time.
        public var insecure = false

        public init(caBundle: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil, insecure: Bool = false) {
            self.caBundle = caBundle
            self.clientCertificate = clientCertificate
            self.clientKey = clientKey
            self.insecure = insecure
        }
    }

    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    public var body: Body
    public var output: Output
    public var timeouts: Timeouts
    public var tls: TLS
    /// Whether sending the request twice has the effect of sending it once. A request that is
    /// not goes out on a connection of its own: libcurl silently sends a request again when the
    /// kept-alive connection it reused dies before any answer byte, and that connection may
    /// have died after the server acted on it. Defaults by method; a caller that knows better
    /// (a token request is a POST that is safe to repeat) may set it.
    public var isIdempotent: Bool

    public init(
        method: String = "GET", url: String, headers: HTTPHeaders = [:], body: Body = .none,
        output: Output = .memory, timeouts: Timeouts = Timeouts(), tls: TLS = TLS()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.output = output
        self.timeouts = timeouts
        self.tls = tls
        self.isIdempotent = Self.idempotentMethods.contains(method.uppercased())
    }

    /// RFC 9110's idempotent methods.
    public static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]
}

/// The response to an `HTTPRequest`.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body, when the request's output was memory (empty when it went to a file).
    public var body: [UInt8]
    /// Body bytes received, wherever they went.
    public var bodySize: Int64
    /// "1.1" or "2".
    public var httpVersion: String
    /// Connections this transfer had to open (0 when it reused a kept-alive one).
    public var connectionsOpened: Int
    public var seconds: Double

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], bodySize: Int64? = nil,
                httpVersion: String = "1.1", connectionsOpened: Int = 0, seconds: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodySize = bodySize ?? Int64(body.count)
        self.httpVersion = httpVersion
        self.connectionsOpened = connectionsOpened
        self.seconds = seconds
    }
}
