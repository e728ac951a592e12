import Foundation

/// `GET /servers` and `GET /servers/detail`: Nova's filters (regular expressions where Nova
/// matches with REGEXP), sorting, and limit/marker pagination with `servers_links`.
struct ServerListing {
    let request: EmulatorRequest
    let auth: AuthContext

    /// Filters a non-admin may use, by microversion; an admin may use any (Nova silently drops
    /// the others for non-admins).
    func userFilters(_ version: APIVersion) -> Set<String> {
        var names: Set<String> = ["reservation_id", "name", "status", "image", "flavor", "ip", "changes-since", "all_tenants"]
        if version >= APIVersion(2, 5) { names.insert("ip6") }
        if version >= APIVersion(2, 26) { names.formUnion(["tags", "tags-any", "not-tags", "not-tags-any"]) }
        if version >= APIVersion(2, 66) { names.insert("changes-before") }
        if version >= APIVersion(2, 73) { names.insert("locked") }
        if version >= APIVersion(2, 83) {
            names.formUnion([
                "availability_zone", "config_drive", "key_name", "created_at", "launched_at", "terminated_at", "power_state",
                "task_state", "vm_state", "progress", "user_id",
            ])
        }
        if version >= APIVersion(2, 90) { names.insert("hostname") }
        return names
    }

    static let regexFilters: Set<String> = [
        "name", "display_name", "hostname", "key_name", "flavor", "reservation_id", "availability_zone", "description",
        "display_description", "ip", "ip6", "config_drive", "access_ip_v4", "access_ip_v6", "launched_at", "terminated_at",
        "created_at", "power_state", "progress", "kernel_id", "ramdisk_id", "node", "locked_by", "root_device_name", "auto_disk_config",
    ]

    static let sortKeys: Set<String> = [
        "access_ip_v4", "access_ip_v6", "auto_disk_config", "availability_zone", "config_drive", "created_at",
        "display_description", "display_name", "host", "hostname", "image_ref", "instance_type_id", "kernel_id", "key_name",
        "launch_index", "launched_at", "locked_by", "node", "power_state", "progress", "project_id", "ramdisk_id",
        "root_device_name", "task_state", "terminated_at", "updated_at", "user_id", "uuid", "vm_state", "architecture",
        "cell_name", "cleaned", "default_ephemeral_device", "default_swap_device", "deleted", "deleted_at",
        "disable_terminate", "ephemeral_gb", "ephemeral_key_uuid", "id", "key_data", "launched_on", "locked", "memory_mb",
        "os_type", "reservation_id", "root_gb", "shutdown_terminate", "user_data", "vcpus", "vm_mode",
    ]

    func respond(detailed: Bool) throws -> EmulatorResponse {
        let version = request.version
        var options: [(name: String, values: [String])] = []
        for (name, value) in request.query {
            if let index = options.firstIndex(where: { $0.name == name }) {
                options[index].values.append(value)
            } else {
                options.append((name, [value]))
            }
        }
        for option in options {
            if ["block_device_mapping", "services", "metadata", "system_metadata", "info_cache", "security_groups", "pci_devices"]
                .contains(option.name) || option.name.hasPrefix("_")
            {
                throw ServiceError.badRequest("Invalid filter field: \(option.name).")
            }
        }
        for option in options where Self.regexFilters.contains(option.name) || option.name == "tags" {
            for value in option.values where (try? Regex(value)) == nil && Self.regexFilters.contains(option.name) {
                throw NovaValidation.invalidQuery(option.name, value, "'\(value)' is not a 'regex'")
            }
        }
        for name in ["changes-since", "changes-before"] {
            if let value = request.query.first(name), Timestamp.parse(value) == nil {
                throw NovaValidation.invalidQuery(name, value, "'\(value)' is not a 'date-time'")
            }
        }
        if let key = request.query.first("sort_key"), !Self.sortKeys.contains(key) {
            throw NovaValidation.invalidQuery("sort_key", key, "'\(key)' is not one of the allowed sort keys")
        }
        let (limit, marker) = try request.novaLimitAndMarker()
        if !auth.isAdmin {
            let allowed = userFilters(version)
            options.removeAll { !allowed.contains($0.name) && !["limit", "marker", "sort_key", "sort_dir"].contains($0.name) }
        }
        func values(_ name: String) -> [String]? { options.first { $0.name == name }?.values }

        var selection: ServerStatus.Selection?
        if let statuses = values("status") {
            guard let chosen = ServerStatus.selection(statuses) else {
                if version >= APIVersion(2, 38) { throw ServiceError.badRequest("Invalid status value") }
                return .json(["servers": []])
            }
            if chosen.vmStates == [VMState.deleted] && !auth.isAdmin {
                throw ServiceError.forbidden("Only administrators may list deleted instances")
            }
            selection = chosen
        }
        let since = values("changes-since").flatMap { $0.first.flatMap(Timestamp.parse) }
        let before = version >= APIVersion(2, 66) ? values("changes-before").flatMap { $0.first.flatMap(Timestamp.parse) } : nil
        if let since, let before, before < since {
            throw ServiceError.badRequest("The value of changes-since must be less than or equal to changes-before.")
        }
        var includeDeleted = since != nil || before != nil || selection?.vmStates == [VMState.deleted]
        if let deleted = values("deleted")?.first, auth.isAdmin { includeDeleted = ["true", "1", "yes", "y", "on", "t"].contains(deleted.lowercased()) }
        let allTenants = auth.isAdmin && values("all_tenants").map { value in
            value.first.map { !["false", "0", "no", "off", "f", "n"].contains($0.lowercased()) } ?? true
        } == true
        let projectFilter = allTenants ? (values("project_id") ?? values("tenant_id"))?.first : (auth.projectID ?? "")

        let view = ServerView(baseURL: request.baseURL, version: version, isAdmin: auth.isAdmin)
        return try request.cloud.withCompute { cloud throws(ServiceError) -> EmulatorResponse in
            let compute = cloud.compute
            var candidates = Array(compute.servers.values)
            if includeDeleted { candidates += compute.tombstones }
            var matched = candidates.filter { server in
                if !includeDeleted && server.deleted { return false }
                if let projectFilter, server.projectID != projectFilter { return false }
                if let selection, !selection.matches(server) { return false }
                if let since, server.updated < since { return false }
                if let before, server.updated > before { return false }
                return matches(server, options, cloud: cloud)
            }
            let sortKey = values("sort_key")?.first ?? "created_at"
            let ascending = values("sort_dir")?.first?.lowercased() == "asc"
            matched.sort { lhs, rhs in
                let (left, right) = (Self.sortValue(lhs, sortKey), Self.sortValue(rhs, sortKey))
                if left != right { return ascending ? left < right : left > right }
                return ascending ? lhs.id < rhs.id : lhs.id > rhs.id
            }
            var after = matched
            if let marker {
                guard let markerServer = compute.servers[marker] ?? compute.tombstones.first(where: { $0.id == marker }),
                    auth.isAdmin || markerServer.projectID == auth.projectID
                else { throw .badRequest("marker [\(marker)] not found") }
                // Everything after the marker's place in the order, whether or not it passes the filters.
                after = matched.filter { server in
                    let (left, right) = (Self.sortValue(server, sortKey), Self.sortValue(markerServer, sortKey))
                    if left != right { return ascending ? left > right : left < right }
                    return ascending ? server.id > markerServer.id : server.id < markerServer.id
                }
            }
            let page = try Pagination.novaPage(after, limit: limit, marker: nil) { $0.id }
            return render(page, view: view, detailed: detailed, cloud: cloud)
        }
    }

    private func render(_ page: Page<Server>, view: ServerView, detailed: Bool, cloud: CloudState) -> EmulatorResponse {
        let servers = page.items.map { server in
            detailed ? view.render(server, related: ComputeNeighbors.related(server, in: cloud), kind: .detail) : view.summary(server)
        }
        var body: EmulatorJSONObject = ["servers": .array(servers)]
        let links = Pagination.nextLinks(page, url: request.baseURL + request.path, query: request.query) { $0.id }
        if !links.isEmpty { body["servers_links"] = .array(links) }
        return .json(.object(body))
    }

    /// The remaining filters: regular expressions searched in the attribute, exact matches for ids.
    private func matches(_ server: Server, _ options: [(name: String, values: [String])], cloud: CloudState) -> Bool {
        for (name, values) in options {
            guard let value = values.last else { continue }
            switch name {
            case "name", "display_name": if !search(value, server.name) { return false }
            case "hostname": if !search(value, server.hostname) { return false }
            case "key_name": if !search(value, server.keyName ?? "") { return false }
            case "reservation_id": if !search(value, server.reservationID) { return false }
            case "availability_zone": if !search(value, server.availabilityZone) { return false }
            case "description", "display_description": if !search(value, server.description ?? "") { return false }
            case "flavor": if server.flavor.id != value { return false }
            case "image", "image_ref": if server.imageID != value { return false }
            case "uuid": if server.id != value { return false }
            case "user_id": if server.userID != value { return false }
            case "host", "node": if server.host != value { return false }
            case "vm_state": if !values.contains(server.vmState) { return false }
            case "task_state": if !values.contains(server.taskState ?? "") { return false }
            case "power_state": if String(server.powerState) != value { return false }
            case "config_drive": if !search(value, server.configDrive ? "True" : "") { return false }
            case "access_ip_v4": if !search(value, server.accessIPv4) { return false }
            case "access_ip_v6": if !search(value, server.accessIPv6) { return false }
            case "locked": if server.locked != ["true", "1", "yes", "t", "on", "y"].contains(value.lowercased()) { return false }
            case "ip", "ip6":
                let addresses = ComputeNeighbors.fixedIPs(of: server, in: cloud).filter { name == "ip" ? !$0.contains(":") : $0.contains(":") }
                if !addresses.contains(where: { search(value, $0) }) { return false }
            case "tags":
                let wanted = value.split(separator: ",").map(String.init)
                if !wanted.allSatisfy(server.tags.contains) { return false }
            case "tags-any":
                let wanted = value.split(separator: ",").map(String.init)
                if !wanted.contains(where: server.tags.contains) { return false }
            case "not-tags":
                let wanted = value.split(separator: ",").map(String.init)
                if wanted.allSatisfy(server.tags.contains) { return false }
            case "not-tags-any":
                let wanted = value.split(separator: ",").map(String.init)
                if wanted.contains(where: server.tags.contains) { return false }
            default: continue
            }
        }
        return true
    }

    /// MySQL's REGEXP under Nova's collation: the pattern may match anywhere in the value, and
    /// case does not matter.
    private func search(_ pattern: String, _ value: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return value.contains(regex.ignoresCase())
    }

    static func sortValue(_ server: Server, _ key: String) -> String {
        func time(_ date: Date?) -> String { date.map { String(format: "%020.6f", $0.timeIntervalSince1970) } ?? "" }
        switch key {
        case "display_name": return server.name
        case "updated_at": return time(server.updated)
        case "launched_at": return time(server.launchedAt)
        case "terminated_at": return time(server.terminatedAt)
        case "uuid": return server.id
        case "vm_state": return server.vmState
        case "task_state": return server.taskState ?? ""
        case "power_state": return String(server.powerState)
        case "hostname": return server.hostname
        case "key_name": return server.keyName ?? ""
        case "user_id": return server.userID
        case "project_id": return server.projectID
        case "availability_zone": return server.availabilityZone
        case "display_description": return server.description ?? ""
        case "launch_index": return String(format: "%010d", server.launchIndex)
        default: return time(server.created)
        }
    }
}
