import Foundation

/// `/v3/auth/tokens`: issue, validate, check and revoke.
enum TokenRoutes {
    static let path = "/identity/v3/auth/tokens"

    static var routes: [Route] {
        [
            Route(.post, path, .noToken, handler: issue),
            Route(.get, path, handler: validate),
            Route(.delete, path, handler: revoke),
        ]
    }

    static func issue(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try AuthRequest.parse(try request.json())
        let includeCatalog = !request.query.contains("nocatalog")
        let baseURL = request.baseURL
        let (id, body) = try request.cloud.withState { cloud in
            let (id, token) = try cloud.identity.issue(auth, now: cloud.now, faults: cloud.faults)
            let body = cloud.identity.tokenBody(
                token, catalog: cloud.catalogEntries, baseURL: baseURL, region: cloud.config.region, includeCatalog: includeCatalog)
            return (id, body)
        }
        request.environment.recordTokenIssued()
        return .json(body, status: 201, headers: [("X-Subject-Token", id)])
    }

    /// GET (and HEAD, which Flask answers with the GET route).
    static func validate(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let caller = try request.requireAuth
        guard let subject = request.header("X-Subject-Token"), !subject.isEmpty else {
            throw ServiceError.notFound("No token in the request")
        }
        let allowExpired = ["1", "true", "True"].contains(request.query.first("allow_expired") ?? "")
        let includeCatalog = !request.query.contains("nocatalog")
        let baseURL = request.baseURL
        let body = try request.cloud.withState { cloud in
            let token = try cloud.identity.subjectToken(subject, caller: caller, now: cloud.now, allowExpired: allowExpired)
            return cloud.identity.tokenBody(
                token, catalog: cloud.catalogEntries, baseURL: baseURL, region: cloud.config.region, includeCatalog: includeCatalog)
        }
        return .json(body, headers: [("X-Subject-Token", subject)])
    }

    static func revoke(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let caller = try request.requireAuth
        guard let subject = request.header("X-Subject-Token"), !subject.isEmpty else {
            throw ServiceError.notFound("No token in the request")
        }
        try request.cloud.withState { cloud in
            _ = try cloud.identity.subjectToken(subject, caller: caller, now: cloud.now, allowExpired: false, rule: "identity:revoke_token")
            cloud.identity.tokens[subject]?.revoked = true
        }
        return .empty()
    }
}

extension IdentityState {
    /// The token named by X-Subject-Token, if the caller may see it: its own, or any for an admin.
    func subjectToken(_ subject: String, caller: AuthContext, now: Date, allowExpired: Bool, rule: String = "identity:validate_token")
        throws(ServiceError) -> IssuedToken
    {
        guard let token = tokens[subject] else { throw ServiceError.notFound("Could not recognize Fernet token") }
        guard token.userID == caller.userID || caller.isAdmin else { throw KeystoneError.policy(rule) }
        guard !token.revoked, allowExpired || now < token.validUntil else { throw ServiceError.notFound("Failed to validate token") }
        return token
    }
}

extension CloudState {
    /// Every registered service's catalog entries, in registration order.
    var catalogEntries: [CatalogEntry] { services.flatMap(\.catalog) }
}
