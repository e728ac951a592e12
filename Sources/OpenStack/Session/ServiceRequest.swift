public import JSONValue
public import Transport

/// One call to a service, before the session adds the token, the endpoint and the microversion.
public struct ServiceRequest: Sendable {
    public enum Body: Sendable {
        case none
        case json(JSON)
        case bytes([UInt8], contentType: String)
        case file(path: String, contentType: String)
    }

    public var service: ServiceType
    public var method: String
    /// Relative to the service's versioned endpoint ("/servers/detail"), or an absolute URL
    /// (a pagination link the service gave).
    public var path: String
    public var query: [(String, String)]
    public var body: Body
    public var headers: HTTPHeaders
    /// Overrides the session's default microversion for this call.
    public var microversion: String?
    /// The highest microversion the call may use when it has none of its own (Nova stops
    /// generating key pairs at 2.92). Applied after discovery, when the default is known.
    public var microversionCap: Microversion?
    public var output: HTTPRequest.Output
    /// Seconds one attempt may take (nil: none, for uploads and downloads of any size; the
    /// call's deadline still bounds it).
    public var timeout: Double?

    public init(_ service: ServiceType, _ method: String, _ path: String, query: [(String, String)] = [],
                body: Body = .none, headers: HTTPHeaders = [:], microversion: String? = nil,
                output: HTTPRequest.Output = .memory, timeout: Double? = 60) {
        self.service = service
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
        self.microversion = microversion
        self.output = output
        self.timeout = timeout
    }

    /// A POST that only reads (Nova's console output): sending it again changes nothing.
    public var onlyReads = false

    /// A PUT that is not idempotent (Neutron's add_router_interface adds an interface, and a
    /// second one is refused): sent once, like a POST.
    public var sendsOnce = false

    /// Whether it may be sent again without changing the outcome: idempotent methods, and
    /// requests that only read.
    public var isIdempotent: Bool { !sendsOnce && (onlyReads || HTTPRequest.idempotentMethods.contains(method)) }
}

/// A successful (2xx or 3xx) answer.
public struct ServiceResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Body bytes received (also when they went to a file).
    public var bodySize: Int64
    public var url: String
    /// How many times the request was sent (1 without retries).
    public var attempts: Int

    public var requestID: String? { RequestID.of(headers) }

    /// The body as JSON (null for an empty body).
    public func json(service: ServiceType, method: String) throws(OpenStackError) -> JSON {
        if body.isEmpty { return .null }
        do {
            return try JSON.decode(body)
        } catch {
            throw OpenStackError(.http, "the response is not valid JSON: \(error)", service: service.projectName,
                                 method: method, url: url, status: status, requestID: requestID)
        }
    }
}

enum RequestID {
    /// The request id each service sends (Nova also sends x-compute-request-id).
    static func of(_ headers: HTTPHeaders) -> String? {
        headers["x-openstack-request-id"] ?? headers["x-compute-request-id"]
    }
}
