/// Nova v2.1 under `/compute`, with microversions 2.1 to 2.93 (OpenStack Zed's range).
public struct ComputeService: EmulatedService {
    public static let prefix = "compute"
    public static let microversions = MicroversionSpec(
        serviceType: "compute", minimum: APIVersion(2, 1), maximum: APIVersion(2, 93),
        legacyHeader: "X-OpenStack-Nova-API-Version", echoHeader: "OpenStack-API-Version")

    public init() {}

    public var name: String { "compute" }
    public var pathPrefix: String { Self.prefix }

    public var conventions: ServiceConventions {
        var conventions = ServiceConventions(errorStyle: .fault)
        conventions.errorContentType = "application/json; charset=UTF-8"
        conventions.requestIDHeaders = ["x-openstack-request-id", "x-compute-request-id"]
        conventions.unauthorized = .middleware(headerName: "WWW-Authenticate")
        conventions.microversion = Self.microversions
        conventions.wrongMethodIsNotFound = true
        return conventions
    }

    public var catalog: [CatalogEntry] {
        [CatalogEntry(type: "compute", name: "nova", path: "/compute/v2.1")]
    }

    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? {
        try ComputeState(seededIn: cloud)
    }

    public func routes() -> [Route] {
        ComputeVersions.routes + FlavorRoutes.routes + KeypairRoutes.routes + NovaQuotaRoutes.routes + ServerRoutes.routes
            + ServerActionRoutes.routes + ServerMetadataRoutes.routes + ServerTagRoutes.routes + VolumeAttachmentRoutes.routes
    }
}

/// Nova's version documents: `GET /compute` lists both APIs, `GET /compute/v2.1` describes the
/// current one (and is inside the microversioned API, so it echoes the version headers).
enum ComputeVersions {
    static var routes: [Route] {
        [
            Route(.get, "/compute", [.noToken, .unversioned, .noRequestID]) { request in
                .json(["versions": [legacy(request.baseURL, detailed: false), current(request.baseURL, detailed: false)]])
            },
            Route(.get, "/compute/v2", [.noToken, .unversioned]) { request in
                .json(["version": legacy(request.baseURL, detailed: true)])
            },
            Route(.get, "/compute/v2.1", .noToken) { request in
                .json(["version": current(request.baseURL, detailed: true)])
            },
        ]
    }

    static func current(_ baseURL: String, detailed: Bool) -> EmulatorJSON {
        version(
            id: "v2.1", status: "CURRENT", version: ComputeService.microversions.maximum.description,
            minimum: ComputeService.microversions.minimum.description, updated: "2013-07-23T11:33:21Z",
            href: baseURL + "/compute/v2.1/", mediaType: "application/vnd.openstack.compute+json;version=2.1", detailed: detailed)
    }

    static func legacy(_ baseURL: String, detailed: Bool) -> EmulatorJSON {
        version(
            id: "v2.0", status: "SUPPORTED", version: "", minimum: "", updated: "2011-01-21T11:33:21Z",
            href: baseURL + "/compute/v2/", mediaType: "application/vnd.openstack.compute+json;version=2", detailed: detailed)
    }

    private static func version(
        id: String, status: String, version: String, minimum: String, updated: String, href: String, mediaType: String,
        detailed: Bool
    ) -> EmulatorJSON {
        var object: EmulatorJSONObject = [
            "id": .string(id), "status": .string(status), "version": .string(version), "min_version": .string(minimum),
            "updated": .string(updated),
        ]
        var links: [EmulatorJSON] = [["rel": "self", "href": .string(href)]]
        if detailed {
            links.append(["rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"])
        }
        object["links"] = .array(links)
        if detailed { object["media-types"] = [["base": "application/json", "type": .string(mediaType)]] }
        return .object(object)
    }
}
