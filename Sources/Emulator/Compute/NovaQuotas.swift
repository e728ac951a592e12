/// Nova's quota names and default limits (Zed's), and which of them each microversion shows.
enum NovaQuotas {
    static let names = [
        "cores", "fixed_ips", "floating_ips", "injected_file_content_bytes", "injected_file_path_bytes", "injected_files",
        "instances", "key_pairs", "metadata_items", "ram", "security_group_rules", "security_groups",
        "server_group_members", "server_groups",
    ]

    static let defaults: [String: Int] = [
        "cores": 20, "fixed_ips": -1, "floating_ips": -1, "injected_file_content_bytes": 10240,
        "injected_file_path_bytes": 255, "injected_files": 5, "instances": 10, "key_pairs": 100, "metadata_items": 128,
        "ram": 51200, "security_group_rules": -1, "security_groups": -1, "server_group_members": 10, "server_groups": 10,
    ]

    /// 2.36 dropped the network quotas (Neutron owns them), 2.57 the file-injection ones.
    static func visible(at version: APIVersion) -> [String] {
        names.filter { name in
            if version >= APIVersion(2, 36), ["fixed_ips", "floating_ips", "security_group_rules", "security_groups"].contains(name) {
                return false
            }
            if version >= APIVersion(2, 57), name.hasPrefix("injected_file") { return false }
            return true
        }
    }
}

/// What a project uses, counted from its servers and its users' key pairs.
struct ComputeUsage: Sendable {
    var instances = 0
    var cores = 0
    var ram = 0
    var keyPairs = 0

    subscript(name: String) -> Int {
        switch name {
        case "instances": instances
        case "cores": cores
        case "ram": ram
        case "key_pairs": keyPairs
        default: 0
        }
    }
}

extension ComputeState {
    /// The limits in force for a project: the configured defaults, then the project's own.
    func quotaLimits(projectID: String) -> [String: Int] {
        defaultQuotas.merging(quotaOverrides[projectID] ?? [:]) { $1 }
    }

    func usage(projectID: String, userID: String? = nil) -> ComputeUsage {
        var usage = ComputeUsage()
        for server in servers.values where server.projectID == projectID && !server.deleted {
            usage.instances += 1
            usage.cores += server.flavor.vcpus
            usage.ram += server.flavor.ram
        }
        if let userID { usage.keyPairs = keypairs.values.filter { $0.userID == userID }.count }
        return usage
    }

    /// Nova's 403 when a create would pass a limit: every resource over it is named, in
    /// alphabetical order, as `Quota exceeded for cores, instances: Requested 2, 1, but already
    /// used 20, 10 of 20, 10 cores, instances`.
    func checkQuota(projectID: String, requested: [String: Int]) throws(ServiceError) {
        let limits = quotaLimits(projectID: projectID)
        let used = usage(projectID: projectID)
        let over = requested.keys.sorted().filter { name in
            guard let limit = limits[name], limit >= 0, let amount = requested[name], amount > 0 else { return false }
            return used[name] + amount > limit
        }
        guard !over.isEmpty else { return }
        let names = over.joined(separator: ", ")
        let asked = over.map { String(requested[$0] ?? 0) }.joined(separator: ", ")
        let usedText = over.map { String(used[$0]) }.joined(separator: ", ")
        let allowed = over.map { String(limits[$0] ?? 0) }.joined(separator: ", ")
        throw .forbidden("Quota exceeded for \(names): Requested \(asked), but already used \(usedText) of \(allowed) \(names)")
    }
}
