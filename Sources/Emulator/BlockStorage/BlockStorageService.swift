/// Cinder v3 under `/volume`, with microversions 3.0 to 3.70 (OpenStack Zed's range).
public struct BlockStorageService: EmulatedService {
    public static let prefix = "volume"
    public static let microversions = MicroversionSpec(
        serviceType: "volume", minimum: APIVersion(3, 0), maximum: APIVersion(3, 70),
        echoHeader: "Openstack-Api-Version", rejectsForeignServices: true)

    public init() {}

    public var name: String { "volume" }
    public var pathPrefix: String { Self.prefix }

    public var conventions: ServiceConventions {
        var conventions = ServiceConventions(errorStyle: .fault)
        conventions.requestIDHeaders = ["X-Compute-Request-Id", "X-Openstack-Request-Id"]
        conventions.outerRequestIDHeaders = ["X-Openstack-Request-Id"]
        conventions.unauthorized = .middleware(headerName: "Www-Authenticate")
        conventions.microversion = Self.microversions
        conventions.wrongMethodIsNotFound = true
        return conventions
    }

    /// Devstack registers Cinder twice: as `block-storage` and as the older `volumev3`.
    public var catalog: [CatalogEntry] {
        [
            CatalogEntry(type: "block-storage", name: "cinder", path: "/volume/v3/{project_id}"),
            CatalogEntry(type: "volumev3", name: "cinderv3", path: "/volume/v3/{project_id}"),
        ]
    }

    public func makeState(seededIn cloud: CloudState) throws -> (any ServiceState)? {
        try BlockStorageState(seededIn: cloud)
    }

    public func routes() -> [Route] {
        BlockStorageVersions.routes + VolumeRoutes.routes + VolumeMetadataRoutes.routes + SnapshotRoutes.routes
            + VolumeTypeRoutes.routes + BlockStorageQuotas.routes
    }
}

/// Cinder's version documents. The root needs no token; `/volume/v3` is behind keystonemiddleware.
enum BlockStorageVersions {
    static var routes: [Route] {
        [
            Route(.get, "/volume", .noToken) { request in
                .json(["versions": [version(request.baseURL)]], status: 300)
            },
            Route(.get, "/volume/v3") { request in
                .json(["versions": [version(request.baseURL)]])
            },
        ]
    }

    static func version(_ baseURL: String) -> EmulatorJSON {
        [
            "id": "v3.0", "status": "CURRENT", "version": .string(BlockStorageService.microversions.maximum.description),
            "min_version": .string(BlockStorageService.microversions.minimum.description), "updated": "2022-08-31T00:00:00Z",
            "links": [
                ["rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"],
                ["rel": "self", "href": .string(baseURL + "/volume/v3/")],
            ],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"]],
        ]
    }
}
