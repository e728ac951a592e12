/// Glance v2 under `/image`. Every error is webob's page: HTML unless the client accepts JSON.
public struct ImageService: EmulatedService {
    public static let prefix = "image"

    public init() {}

    public var name: String { "image" }
    public var pathPrefix: String { Self.prefix }

    public var conventions: ServiceConventions {
        var conventions = ServiceConventions(errorStyle: .webob)
        conventions.requestIDHeaders = ["X-Openstack-Request-Id"]
        conventions.unauthorized = .glance
        return conventions
    }

    public var catalog: [CatalogEntry] {
        [CatalogEntry(type: "image", name: "glance", path: "/image")]
    }

    public var malformedBodyError: ServiceError {
        .badRequest("Malformed JSON in request body.")
    }

    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? {
        ImageState(seededIn: cloud)
    }

    public func routes() -> [Route] {
        ImageVersions.routes + ImageRoutes.routes + ImageDataRoutes.routes
    }
}

/// Glance's version list: `300` at the root, `200` at `/versions`, no token and no request id.
enum ImageVersions {
    /// Zed's list, 2.14 missing as it is there.
    static let versions: [(String, String)] =
        [("v2.15", "CURRENT")] + ["v2.13", "v2.12", "v2.11", "v2.10", "v2.9", "v2.8", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"]
        .map { ($0, "SUPPORTED") }

    static var routes: [Route] {
        [
            Route(.get, "/image", [.noToken, .noRequestID]) { request in .json(document(request.baseURL), status: 300) },
            Route(.get, "/image/versions", [.noToken, .noRequestID]) { request in .json(document(request.baseURL)) },
        ]
    }

    static func document(_ baseURL: String) -> EmulatorJSON {
        ["versions": .array(versions.map { id, status in
            ["id": .string(id), "status": .string(status), "links": [["rel": "self", "href": .string(baseURL + "/image/v2/")]]]
        })]
    }
}
