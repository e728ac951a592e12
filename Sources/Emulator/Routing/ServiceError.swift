/// An error a handler throws; the dispatcher renders it in the service's own error format.
public struct ServiceError: Error, Sendable {
    public var status: Int
    public var message: String
    /// Neutron's `type` ("NetworkNotFound"), or Nova/Cinder's fault name when it differs from
    /// the one the status implies.
    public var kind: String?
    /// Extra headers, such as `Retry-After`.
    public var headers: [(name: String, value: String)]
    /// Extra members of the fault object, such as Cinder's `retryAfter`.
    public var extra: EmulatorJSONObject
    /// Renders in this style instead of the service's usual one (a routing-level 404 inside Nova
    /// comes from webob, not from Nova's fault wrapper).
    public var style: ErrorStyle?

    public init(
        status: Int, message: String, kind: String? = nil, headers: [(name: String, value: String)] = [],
        extra: EmulatorJSONObject = [:], style: ErrorStyle? = nil
    ) {
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = headers
        self.extra = extra
        self.style = style
    }

    public static func badRequest(_ message: String, kind: String? = nil) -> ServiceError {
        ServiceError(status: 400, message: message, kind: kind)
    }

    public static func forbidden(_ message: String, kind: String? = nil) -> ServiceError {
        ServiceError(status: 403, message: message, kind: kind)
    }

    public static func notFound(_ message: String, kind: String? = nil) -> ServiceError {
        ServiceError(status: 404, message: message, kind: kind)
    }

    public static func conflict(_ message: String, kind: String? = nil) -> ServiceError {
        ServiceError(status: 409, message: message, kind: kind)
    }
}

/// The body formats of the real services' errors.
public enum ErrorStyle: Sendable {
    /// Keystone (Flask): `{"error":{"code":404,"message":"…","title":"Not Found"}}`, compact.
    case keystone
    /// keystonemiddleware's 401 in front of Nova, Cinder and Neutron:
    /// `{"error": {"code": 401, "title": "Unauthorized", "message": "…"}}`.
    case keystoneMiddleware
    /// Nova and Cinder's fault wrapper: `{"itemNotFound": {"code": 404, "message": "…"}}`.
    case fault
    /// Neutron: `{"NeutronError": {"type": "…", "message": "…", "detail": ""}}`.
    case neutron
    /// webob's default error page: HTML unless the request accepts JSON, then
    /// `{"message": "…<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}`.
    /// Glance answers all its errors so; the others only for paths no route knows.
    case webob
}
