public import Transport

/// Everything needed to talk to one cloud: where Keystone is, who we are, what to scope to, and
/// how to pick and reach endpoints. Built from clouds.yaml, the OS_* environment, a script's
/// table, or for the built-in emulator.
public struct CloudConfig: Sendable {
    /// The clouds.yaml entry, "envvars" for the environment, "emulator", or "script".
    public var name: String
    /// Keystone's URL as configured (versioned or not: ".../identity" or ".../v3").
    public var authURL: String
    public var auth: AuthMethod
    public var scope: Scope
    public var region: String?
    /// public (default), internal or admin.
    public var interface: String
    public var tls: HTTPRequest.TLS
    /// Per service type: an endpoint used instead of the catalog's (`compute_endpoint_override`).
    public var endpointOverrides: [String: String]
    /// Per service type: a major version ("2") or a default microversion ("2.79")
    /// (`compute_api_version`, `volume_api_version`).
    public var apiVersions: [String: String]
    /// How many times a failed request may be sent again (`api_retry_count`); the session's
    /// policy (4) when nil.
    public var apiRetries: Int?
    /// How many times a request that never reached the service (no connection could be made)
    /// may be sent again (`connect_retries`), counted apart from the other retries; nil: they
    /// count against `apiRetries`.
    public var connectRetries: Int?

    public init(
        name: String, authURL: String, auth: AuthMethod, scope: Scope = .unscoped, region: String? = nil,
        interface: String = "public", tls: HTTPRequest.TLS = HTTPRequest.TLS(),
        endpointOverrides: [String: String] = [:], apiVersions: [String: String] = [:]
    ) {
        self.name = name
        self.authURL = authURL
        self.auth = auth
        self.scope = scope
        self.region = region
        self.interface = interface
        self.tls = tls
        self.endpointOverrides = endpointOverrides
        self.apiVersions = apiVersions
    }
}

/// A user named in a request: by id, or by name within a domain (by id or name).
public struct UserReference: Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var domainID: String?
    public var domainName: String?

    public init(id: String? = nil, name: String? = nil, domainID: String? = nil, domainName: String? = nil) {
        self.id = id
        self.name = name
        self.domainID = domainID
        self.domainName = domainName
    }
}

/// How to authenticate (the `auth_type` of clouds.yaml).
public enum AuthMethod: Sendable, Equatable {
    case password(user: UserReference, password: Secret)
    /// By id, or by name together with its user.
    case applicationCredential(id: String?, name: String?, user: UserReference?, secret: Secret)
    /// An existing token, exchanged for a scoped one.
    case token(Secret)

    public var typeName: String {
        switch self {
        case .password: "password"
        case .applicationCredential: "v3applicationcredential"
        case .token: "token"
        }
    }
}

/// What the token is scoped to. Application credentials carry their own scope.
public enum Scope: Sendable, Equatable {
    case unscoped
    case project(id: String?, name: String?, domainID: String?, domainName: String?)
    case domain(id: String?, name: String?)
    case system
}
