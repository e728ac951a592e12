/// `GET /limits` and `/os-quota-sets/{project_id}` (show, detail, defaults, update, reset).
enum NovaQuotaRoutes {
    static let root = "/compute/v2.1/os-quota-sets/{project_id}"

    static var routes: [Route] {
        [
            Route(.get, "/compute/v2.1/limits") { request in try limits(request) },
            Route(.get, root) { request in
                let project = try visibleProject(request, policy: "show")
                let limits = try request.cloud.withState { cloud in cloud.compute.quotaLimits(projectID: project) }
                return .json(["quota_set": quotaSet(limits, id: project, version: request.version)])
            },
            Route(.get, root + "/detail") { request in
                let project = try visibleProject(request, policy: "detail")
                let (limits, usage) = try request.cloud.withState { cloud in
                    (cloud.compute.quotaLimits(projectID: project), cloud.compute.usage(projectID: project, userID: request.auth?.userID))
                }
                var object: EmulatorJSONObject = ["id": .string(project)]
                for name in NovaQuotas.visible(at: request.version) {
                    object[name] = ["limit": .int(limits[name] ?? -1), "in_use": .int(usage[name]), "reserved": 0]
                }
                return .json(["quota_set": .object(object)])
            },
            Route(.get, root + "/defaults") { request in
                let project = request.parameter("project_id")
                let defaults = try request.cloud.withState { cloud in cloud.compute.defaultQuotas }
                return .json(["quota_set": quotaSet(defaults, id: project, version: request.version)])
            },
            Route(.put, root) { request in try update(request) },
            Route(.delete, root) { request in
                try request.requireAdmin("os_compute_api:os-quota-sets:delete")
                let project = request.parameter("project_id")
                try request.cloud.withState { cloud in cloud.compute.quotaOverrides[project] = nil }
                return .empty(status: 202)
            },
        ]
    }

    static func quotaSet(_ limits: [String: Int], id: String?, version: APIVersion) -> EmulatorJSON {
        var object = EmulatorJSONObject()
        if let id { object["id"] = .string(id) }
        for name in NovaQuotas.visible(at: version) { object[name] = .int(limits[name] ?? -1) }
        return .object(object)
    }

    /// A member sees its own project's quotas; an admin any project's.
    private static func visibleProject(_ request: EmulatorRequest, policy: String) throws(ServiceError) -> String {
        let auth = try request.requireAuth
        let project = request.parameter("project_id")
        guard auth.isAdmin || auth.projectID == project else {
            throw .forbidden("Policy doesn't allow os_compute_api:os-quota-sets:\(policy) to be performed.")
        }
        return project
    }

    static func update(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try request.requireAdmin("os_compute_api:os-quota-sets:update")
        let project = request.parameter("project_id")
        let (body, member) = try request.novaBody("quota_set")
        _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["quota_set"])
        let names = NovaQuotas.visible(at: request.version)
        let fields = try NovaValidation.object(member, key: "quota_set", parent: body, allowed: names + ["force"])
        var force = false
        var requested: [(String, Int)] = []
        for (name, value) in fields {
            if name == "force" {
                force = try NovaValidation.boolean(value, key: "force")
                continue
            }
            let number: Int?
            switch value {
            case .int(let integer): number = integer
            case .string(let text): number = Int(text)
            default: number = value.intValue
            }
            guard let number else { throw NovaValidation.invalid(name, value, "\(PythonRepr.repr(value)) is not valid under any of the given schemas") }
            guard number >= -1 else { throw NovaValidation.invalid(name, value, "\(number) is less than the minimum of -1") }
            guard number <= 0x7FFF_FFFF else { throw NovaValidation.invalid(name, value, "\(number) is greater than the maximum of 2147483647") }
            requested.append((name, number))
        }
        let limits = try request.cloud.withCompute { cloud throws(ServiceError) -> [String: Int] in
            let compute = cloud.compute
            let usage = compute.usage(projectID: project, userID: nil)
            for (name, limit) in requested where !force && limit >= 0 && usage[name] > limit {
                throw .badRequest("Quota limit \(limit) for \(name) must be greater than or equal to already used and reserved \(usage[name]).")
            }
            for (name, limit) in requested { compute.quotaOverrides[project, default: [:]][name] = limit }
            return compute.quotaLimits(projectID: project)
        }
        return .json(["quota_set": quotaSet(limits, id: nil, version: request.version)])
    }

    static func limits(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        var project = auth.projectID ?? ""
        if let tenant = request.query.first("tenant_id"), auth.isAdmin { project = tenant }
        let (limits, usage) = try request.cloud.withState { cloud in
            (cloud.compute.quotaLimits(projectID: project), cloud.compute.usage(projectID: project, userID: auth.userID))
        }
        let version = request.version
        let networkFields = version < APIVersion(2, 36)
        var absolute: EmulatorJSONObject = [
            "maxTotalInstances": .int(limits["instances"] ?? -1), "maxTotalCores": .int(limits["cores"] ?? -1),
            "maxTotalRAMSize": .int(limits["ram"] ?? -1), "maxServerMeta": .int(limits["metadata_items"] ?? -1),
        ]
        if version < APIVersion(2, 39) { absolute["maxImageMeta"] = .int(limits["metadata_items"] ?? -1) }
        if version < APIVersion(2, 57) {
            absolute["maxPersonality"] = .int(limits["injected_files"] ?? -1)
            absolute["maxPersonalitySize"] = .int(limits["injected_file_content_bytes"] ?? -1)
        }
        absolute["maxTotalKeypairs"] = .int(limits["key_pairs"] ?? -1)
        absolute["maxServerGroups"] = .int(limits["server_groups"] ?? -1)
        absolute["maxServerGroupMembers"] = .int(limits["server_group_members"] ?? -1)
        if networkFields {
            absolute["maxTotalFloatingIps"] = .int(limits["floating_ips"] ?? -1)
            absolute["maxSecurityGroups"] = .int(limits["security_groups"] ?? -1)
            absolute["maxSecurityGroupRules"] = .int(limits["security_group_rules"] ?? -1)
        }
        absolute["totalRAMUsed"] = .int(usage.ram)
        absolute["totalCoresUsed"] = .int(usage.cores)
        absolute["totalInstancesUsed"] = .int(usage.instances)
        if networkFields {
            absolute["totalFloatingIpsUsed"] = 0
            absolute["totalSecurityGroupsUsed"] = 0
        }
        absolute["totalServerGroupsUsed"] = 0
        return .json(["limits": ["rate": [], "absolute": .object(absolute)]])
    }
}
