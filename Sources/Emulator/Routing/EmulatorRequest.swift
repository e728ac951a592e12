public import HTTPTypes
public import Hummingbird

/// Who a request's token belongs to, as keystonemiddleware passes it on to the services.
public struct AuthContext: Sendable {
    public let userID: String
    public let userName: String
    public let userDomainID: String
    /// Set for a project-scoped token.
    public let projectID: String?
    public let projectName: String?
    public let projectDomainID: String?
    /// Set for a domain-scoped token.
    public let domainID: String?
    /// True for a system-scoped token.
    public let systemScoped: Bool
    /// Role names, implied roles included (admin implies member implies reader).
    public let roles: [String]
    public let applicationCredentialID: String?

    public var isAdmin: Bool { roles.contains("admin") }
    public func hasRole(_ name: String) -> Bool { roles.contains(name) }
}

/// A matched request, as a route handler sees it.
public struct EmulatorRequest: Sendable {
    public let method: HTTPRequest.Method
    /// The raw path, as sent.
    public let path: String
    /// The template of the matched route: `/compute/v2.1/servers/{server_id}`.
    public let route: String
    public let parameters: [String: String]
    public let query: QueryItems
    public let headers: HTTPFields
    /// The collected body; empty for routes with `.streamsBody`.
    public let body: [UInt8]
    /// The unread body, for routes with `.streamsBody`.
    public let bodyStream: RequestBody?
    public let requestID: String
    /// Nil only on `.noToken` routes.
    public let auth: AuthContext?
    /// The negotiated microversion, for services that have them.
    public let microversion: APIVersion?
    public let cloud: CloudStore
    public let environment: EmulatorEnvironment
    let service: any EmulatedService

    /// A path parameter; present for every `{name}` in the route's template.
    public func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return headers[field]
    }

    public func headerValues(_ name: String) -> [String] {
        guard let field = HTTPField.Name(name) else { return [] }
        return headers[values: field]
    }

    /// The token of a request that needs one (`auth` is non-nil on such routes).
    public var requireAuth: AuthContext {
        get throws(ServiceError) {
            guard let auth else { throw ServiceError(status: 401, message: "The request you have made requires authentication.") }
            return auth
        }
    }

    /// The body parsed as JSON; a body that is not JSON gets the service's own 400.
    public func json() throws(ServiceError) -> EmulatorJSON {
        do {
            return try EmulatorJSON.parse(body)
        } catch {
            throw service.malformedBodyError
        }
    }

    /// True when the request prefers JSON to HTML (webob's content negotiation, simplified).
    public var acceptsJSON: Bool {
        guard let accept = header("Accept") else { return false }
        return accept.contains("application/json")
    }

    /// `http://host:port`, the root every URL in a response body is built on.
    public var baseURL: String { environment.baseURL }
}
