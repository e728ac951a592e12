/// Keystone v3 under `/identity`.
public struct IdentityService: EmulatedService {
    public static let prefix = "identity"

    public init() {}

    public var name: String { "identity" }
    public var pathPrefix: String { Self.prefix }

    public var conventions: ServiceConventions {
        var conventions = ServiceConventions(errorStyle: .keystone)
        conventions.requestIDHeaders = ["x-openstack-request-id"]
        conventions.unauthorized = .keystone
        conventions.constantHeaders = [("Vary", "X-Auth-Token")]
        conventions.authenticatesBeforeRouting = false
        conventions.headFallsBackToGet = true
        return conventions
    }

    public var catalog: [CatalogEntry] {
        [CatalogEntry(type: "identity", name: "keystone", path: "/identity")]
    }

    public var malformedBodyError: ServiceError {
        KeystoneError.validation("Expecting to find valid JSON in request body.")
    }

    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? {
        IdentityState(seed: cloud.config.identity, tokenTTL: cloud.config.timings.tokenTTL)
    }

    public func routes() -> [Route] {
        IdentityVersions.routes + TokenRoutes.routes + ApplicationCredentialRoutes.routes + IdentityReadRoutes.routes
    }

    /// Flask's answers: Werkzeug's HTML page for an unknown path, a small JSON for a wrong method.
    public func unmatched(_ request: UnmatchedRequest) -> EmulatorResponse? {
        if request.allowedMethods.isEmpty {
            let html = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
                + "<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n"
            return EmulatorResponse(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")], body: .text(html))
        }
        var methods = Set(request.allowedMethods)
        methods.insert("OPTIONS")
        if methods.contains("GET") { methods.insert("HEAD") }
        let body: EmulatorJSON = ["message": "The method is not allowed for the requested URL."]
        return EmulatorResponse(
            status: 405, headers: [("Content-Type", "application/json"), ("Allow", methods.sorted().joined(separator: ", "))],
            body: .text(body.serialized(.python)))
    }
}

/// `GET /identity` and `GET /identity/v3`.
enum IdentityVersions {
    static var routes: [Route] {
        [
            Route(.get, "/identity", .noToken) { request in
                .json(["versions": ["values": [version(request.baseURL)]]], status: 300, headers: [("Location", request.baseURL + "/identity/v3/")])
            },
            Route(.get, "/identity/v3", .noToken) { request in
                .json(["version": version(request.baseURL)])
            },
        ]
    }

    static func version(_ baseURL: String) -> EmulatorJSON {
        [
            "id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
            "links": [["rel": "self", "href": .string(baseURL + "/identity/v3/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]],
        ]
    }
}
