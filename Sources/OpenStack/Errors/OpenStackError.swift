public import JSONValue

/// Why an OpenStack call failed, with what a person needs to act on it: which service, method
/// and URL (never with a secret), the HTTP status, the service's own message, and the request id
/// to quote to the cloud's operators.
public struct OpenStackError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The service answered with an error status.
        case http
        /// No answer: timed out, connection dropped, a file that could not be streamed.
        case transport
        /// No connection could be made after every retry: cannot resolve, connect or do TLS.
        case unreachable
        /// Keystone refused the credentials, failed to issue a token (5xx after every retry), or
        /// the token could not be renewed.
        case authentication
        /// The request failed again right after a fresh token was obtained.
        case unauthorizedAfterReauthentication = "unauthorized_after_reauthentication"
        /// A create whose request may have reached the service got no answer: it may exist.
        case outcomeUnknown = "outcome_unknown"
        /// The cloud configuration is incomplete or wrong.
        case configuration
        /// A name matched nothing, or a lookup found nothing.
        case notFound = "not_found"
        /// A name matched several resources.
        case ambiguous
        /// A wait gave up.
        case timeout
        /// A resource went to a failed state (ERROR, error_deleting, killed...).
        case failed
        /// A resource disappeared while being waited for.
        case vanished
        /// The call's arguments are wrong.
        case invalidArgument = "invalid_argument"
        /// The script asked for what its permissions do not allow (the Runtime's checks: a
        /// script's `openstack.request` to a URL that is not its service's endpoint).
        case permissionDenied = "permission_denied"
        /// The service's catalog or version documents are not what was expected.
        case discovery
    }

    public var kind: Kind
    public var message: String
    /// "nova", "cinder", "neutron", "glance", "keystone".
    public var service: String?
    public var method: String?
    public var url: String?
    public var status: Int?
    public var requestID: String?
    /// The error body, decoded, when the service sent JSON.
    public var body: JSON?
    /// The resource as last seen (failed waits), or the candidates (ambiguous names).
    public var resource: JSON?
    /// How many times the request was sent before this answer.
    public var attempts = 1

    public init(_ kind: Kind, _ message: String, service: String? = nil, method: String? = nil, url: String? = nil,
                status: Int? = nil, requestID: String? = nil, body: JSON? = nil, resource: JSON? = nil) {
        self.kind = kind
        self.message = message
        self.service = service
        self.method = method
        self.url = url
        self.status = status
        self.requestID = requestID
        self.body = body
        self.resource = resource
    }

    public var isNotFound: Bool { status == 404 || kind == .notFound }
    public var isConflict: Bool { status == 409 }

    /// "nova: POST http://host/compute/v2.1/servers: 409: Cannot 'start' instance ... (request req-1)"
    public var description: String {
        var text = service.map { "\($0): " } ?? ""
        if let method, let url { text += "\(method) \(url): " }
        if let status { text += "\(status): " }
        text += message
        if let requestID { text += " (request \(requestID))" }
        return text
    }
}
