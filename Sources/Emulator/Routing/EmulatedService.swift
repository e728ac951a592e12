/// One emulated OpenStack service: its URL prefix, conventions, routes, catalog entries and state.
/// Adding a service is a folder implementing this, plus a line in `ServiceRegistry.standard`.
public protocol EmulatedService: Sendable {
    /// The key in stats, fault plans and the config file: "identity", "compute", "volume",
    /// "network", "image".
    var name: String { get }
    /// The first path segment the service answers under: `compute` for `/compute/v2.1/...`.
    var pathPrefix: String { get }
    var conventions: ServiceConventions { get }
    /// Catalog entries; URLs are relative to the server root, with `{project_id}` expanded.
    var catalog: [CatalogEntry] { get }
    func routes() -> [Route]
    /// The service's state in a freshly seeded cloud; services seeded earlier (Identity first)
    /// are already in `cloud`. Return nil for a service without state.
    func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)?
    /// The answer to a path no route knows, or a method no route takes; nil for the default
    /// derived from the conventions.
    func unmatched(_ request: UnmatchedRequest) -> EmulatorResponse?
    /// The 400 for a body that is not JSON.
    var malformedBodyError: ServiceError { get }
}

extension EmulatedService {
    public func unmatched(_ request: UnmatchedRequest) -> EmulatorResponse? { nil }
    public var malformedBodyError: ServiceError { .badRequest("Malformed request body") }
    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? { nil }
}

/// What an `unmatched` hook learns about the request.
public struct UnmatchedRequest: Sendable {
    public let method: String
    public let path: String
    /// Non-empty when the path exists for other methods.
    public let allowedMethods: [String]
    public let acceptsJSON: Bool
}

/// A service's entry in the token's catalog.
public struct CatalogEntry: Sendable {
    public let type: String
    public let name: String
    /// Relative to the server root, such as `/volume/v3/{project_id}`.
    public let path: String

    public init(type: String, name: String, path: String) {
        self.type = type
        self.name = name
        self.path = path
    }
}

/// How a 401 for a missing, bad or expired token looks in front of a service.
public enum UnauthorizedStyle: Sendable {
    /// Keystone's own, with `WWW-Authenticate: Keystone uri="<identity>/v3"`.
    case keystone
    /// keystonemiddleware's JSON; `headerName` spells WWW-Authenticate as the service's server does.
    case middleware(headerName: String)
    /// Glance: a webob page (HTML unless JSON is accepted) and no request id.
    case glance
}

/// The details in which the real services differ from each other on the wire.
public struct ServiceConventions: Sendable {
    public var errorStyle: ErrorStyle
    /// Layout of JSON response bodies (errors have their own, fixed by the style).
    public var jsonLayout: JSONLayout = .python
    /// Content-Type of error bodies in the `.fault` style: Nova adds `; charset=UTF-8`.
    public var errorContentType = "application/json"
    /// Request-id headers, spelled as the service spells them.
    public var requestIDHeaders: [String] = ["X-Openstack-Request-Id"]
    /// Request-id headers on answers from the middleware in front of the service (401s, unknown
    /// paths), when they differ: Cinder adds `X-Compute-Request-Id` only inside its own app.
    public var outerRequestIDHeaders: [String]?
    public var unauthorized: UnauthorizedStyle = .middleware(headerName: "Www-Authenticate")
    public var microversion: MicroversionSpec?
    /// Headers on every response (Keystone's `Vary: X-Auth-Token`).
    public var constantHeaders: [(name: String, value: String)] = []
    /// keystonemiddleware sits before the router: an unknown path with a bad token is a 401.
    public var authenticatesBeforeRouting = true
    /// What a known path with the wrong method gets when the service has no `unmatched` hook:
    /// Nova and Cinder answer 404 (their routes map methods), Neutron and Glance 405.
    public var wrongMethodIsNotFound = false
    /// Flask answers HEAD with the GET route.
    public var headFallsBackToGet = false

    public init(errorStyle: ErrorStyle) {
        self.errorStyle = errorStyle
    }
}

/// A service's part of the cloud state. Classes, mutated only under the store's lock.
public protocol ServiceState: AnyObject {
    /// Existing resources per kind ("server": 3), for `/_emulator/stats`.
    var resourceCounts: [String: Int] { get }
}
