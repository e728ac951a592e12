/// `GET /flavors`, `/flavors/detail`, `/flavors/{id}` and `/flavors/{id}/os-extra_specs`.
enum FlavorRoutes {
    static let root = "/compute/v2.1/flavors"
    static let queryParameters: Set<String> = ["limit", "marker", "is_public", "minRam", "minDisk", "sort_key", "sort_dir"]
    static let sortKeys: [String] = [
        "created_at", "description", "disabled", "ephemeral_gb", "flavorid", "id", "is_public", "memory_mb", "name",
        "root_gb", "rxtx_factor", "swap", "updated_at", "vcpu_weight", "vcpus",
    ]

    static var routes: [Route] {
        [
            Route(.get, root) { request in try list(request, detailed: false) },
            Route(.get, root + "/detail") { request in try list(request, detailed: true) },
            Route(.get, root + "/{flavor_id}") { request in
                let id = request.parameter("flavor_id")
                let flavor = try request.cloud.withState { cloud in cloud.compute.flavor(id: id) }
                guard let flavor else { throw ServiceError.notFound("Flavor \(id) could not be found.") }
                return .json(["flavor": flavor.detail(baseURL: request.baseURL, version: request.version)])
            },
            Route(.get, root + "/{flavor_id}/os-extra_specs") { request in
                let id = request.parameter("flavor_id")
                let flavor = try request.cloud.withState { cloud in cloud.compute.flavor(id: id) }
                guard let flavor else { throw ServiceError.notFound("Flavor \(id) could not be found.") }
                return .json(["extra_specs": .object(flavor.extraSpecs)])
            },
        ]
    }

    static func list(_ request: EmulatorRequest, detailed: Bool) throws -> EmulatorResponse {
        try request.rejectUnknownQueryParameters(allowed: queryParameters)
        let auth = try request.requireAuth
        let (limit, marker) = try request.novaLimitAndMarker()
        let sortKey = request.query.first("sort_key") ?? "flavorid"
        let sortDirection = request.query.first("sort_dir") ?? "asc"
        guard sortKeys.contains(sortKey) else {
            throw NovaValidation.invalidQuery("sort_key", sortKey, "'\(sortKey)' is not one of \(PythonRepr.repr(.array(sortKeys.map(EmulatorJSON.string))))")
        }
        guard ["asc", "desc"].contains(sortDirection) else {
            throw NovaValidation.invalidQuery("sort_dir", sortDirection, "'\(sortDirection)' is not one of ['asc', 'desc']")
        }
        var publicFilter: Bool? = true
        if auth.isAdmin, let text = request.query.first("is_public") {
            switch text.lowercased() {
            case "none": publicFilter = nil
            case "true", "1", "t", "on", "y", "yes": publicFilter = true
            case "false", "0", "f", "off", "n", "no": publicFilter = false
            default: throw ServiceError.badRequest("Invalid is_public filter [\(text)]")
            }
        }
        let minRam = try minimum(request, "minRam", "Invalid minRam filter")
        let minDisk = try minimum(request, "minDisk", "Invalid minDisk filter")
        var flavors = try request.cloud.withState { cloud in cloud.compute.flavors }
        flavors = flavors.filter { flavor in
            if let publicFilter, flavor.isPublic != publicFilter { return false }
            if !auth.isAdmin && flavor.disabled { return false }
            return flavor.ram >= minRam && flavor.disk >= minDisk
        }
        flavors.sort { lhs, rhs in
            let ordered = compare(lhs, rhs, by: sortKey)
            return sortDirection == "asc" ? ordered : compare(rhs, lhs, by: sortKey)
        }
        let page = try Pagination.novaPage(flavors, limit: limit, marker: marker) { $0.id }
        let version = request.version
        var body: EmulatorJSONObject = [
            "flavors": .array(page.items.map {
                detailed ? $0.detail(baseURL: request.baseURL, version: version) : $0.summary(baseURL: request.baseURL, version: version)
            })
        ]
        let links = Pagination.nextLinks(page, url: request.baseURL + request.path, query: request.query) { $0.id }
        if !links.isEmpty { body["flavors_links"] = .array(links) }
        return .json(.object(body))
    }

    private static func minimum(_ request: EmulatorRequest, _ name: String, _ message: String) throws(ServiceError) -> Int {
        guard let text = request.query.first(name) else { return 0 }
        guard let value = Int(text) else { throw .badRequest("\(message) [\(text)]") }
        return value
    }

    /// Ascending order by one of Nova's sort keys; ties by flavor id.
    private static func compare(_ lhs: Flavor, _ rhs: Flavor, by key: String) -> Bool {
        func tie() -> Bool { lhs.id < rhs.id }
        switch key {
        case "name": return lhs.name == rhs.name ? tie() : lhs.name < rhs.name
        case "memory_mb": return lhs.ram == rhs.ram ? tie() : lhs.ram < rhs.ram
        case "root_gb": return lhs.disk == rhs.disk ? tie() : lhs.disk < rhs.disk
        case "vcpus": return lhs.vcpus == rhs.vcpus ? tie() : lhs.vcpus < rhs.vcpus
        case "ephemeral_gb": return lhs.ephemeral == rhs.ephemeral ? tie() : lhs.ephemeral < rhs.ephemeral
        case "swap": return lhs.swap == rhs.swap ? tie() : lhs.swap < rhs.swap
        case "rxtx_factor": return lhs.rxtxFactor == rhs.rxtxFactor ? tie() : lhs.rxtxFactor < rhs.rxtxFactor
        default: return tie()
        }
    }
}
