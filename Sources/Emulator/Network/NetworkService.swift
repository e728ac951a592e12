/// Neutron v2.0 under `/network`.
public struct NetworkService: EmulatedService {
    public static let prefix = "network"

    public init() {}

    public var name: String { "network" }
    public var pathPrefix: String { Self.prefix }

    public var conventions: ServiceConventions {
        var conventions = ServiceConventions(errorStyle: .neutron)
        // Neutron writes its resources without spaces, but its errors with them.
        conventions.jsonLayout = .compact
        conventions.requestIDHeaders = ["X-Openstack-Request-Id"]
        conventions.unauthorized = .middleware(headerName: "Www-Authenticate")
        return conventions
    }

    public var catalog: [CatalogEntry] {
        [CatalogEntry(type: "network", name: "neutron", path: "/network")]
    }

    public var malformedBodyError: ServiceError {
        .badRequest("Body contains invalid data", kind: "HTTPBadRequest")
    }

    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? {
        try NetworkState(seededIn: cloud)
    }

    public func routes() -> [Route] {
        NetworkVersions.routes + NetworkRoutes.routes + SubnetRoutes.routes + PortRoutes.routes + RouterRoutes.routes
            + FloatingIPRoutes.routes + SecurityGroupRoutes.routes + TagRoutes.routes + QuotaRoutes.routes
            + NetworkExtensions.routes
    }
}

/// Neutron's version list (no token) and its resource index under `/network/v2.0` (token needed).
enum NetworkVersions {
    /// The core resources Neutron lists at `/v2.0`; extensions are not listed there.
    static let coreResources = [("network", "networks"), ("subnet", "subnets"), ("subnetpool", "subnetpools"), ("port", "ports")]

    static var routes: [Route] {
        [
            Route(.get, "/network", [.noToken, .noRequestID]) { request in
                let versions: EmulatorJSON = [
                    "versions": [["id": "v2.0", "status": "CURRENT", "links": [["rel": "self", "href": .string(request.baseURL + "/network/v2.0/")]]]],
                ]
                return EmulatorResponse(status: 200, body: .text(versions.serialized(.python))).with(header: "Content-Type", "application/json")
            },
            Route(.get, "/network/v2.0") { request in
                let resources: [EmulatorJSON] = coreResources.map { name, collection in
                    [
                        "name": .string(name), "collection": .string(collection),
                        "links": [["rel": "self", "href": .string(request.baseURL + "/network/v2.0/" + collection)]],
                    ]
                }
                return EmulatorResponse(status: 200, body: .text(EmulatorJSON.object(["resources": .array(resources)]).serialized(.python)))
                    .with(header: "Content-Type", "application/json")
            },
        ]
    }
}

extension EmulatorResponse {
    /// A copy with one more header.
    public func with(header name: String, _ value: String) -> EmulatorResponse {
        var copy = self
        copy.addHeader(name, value)
        return copy
    }
}
