extension NetworkState {
    /// The limit in force for a project: its own, else the default (-1: unlimited).
    func quotaLimit(_ resource: String, projectID: String) -> Int {
        quotaOverrides[projectID]?[resource] ?? settings.defaultQuota(resource)
    }

    /// How many of `resource` the project has.
    func quotaUsage(_ resource: String, projectID: String) -> Int {
        switch resource {
        case "network": networks.values.count(where: { $0.projectID == projectID })
        case "subnet": subnets.values.count(where: { $0.projectID == projectID })
        case "port": ports.values.count(where: { $0.projectID == projectID })
        case "router": routers.values.count(where: { $0.projectID == projectID })
        case "floatingip": floatingIPs.values.count(where: { $0.projectID == projectID })
        case "security_group": securityGroups.values.count(where: { $0.projectID == projectID })
        case "security_group_rule": securityGroupRules.values.count(where: { $0.projectID == projectID })
        default: 0
        }
    }

    /// Neutron's quota check before a create: 409 `OverQuota` when one more would pass the limit.
    /// Resources Neutron owns itself (no project) are never counted.
    func checkQuota(_ resource: String, projectID: String, adding count: Int = 1) throws(ServiceError) {
        guard !projectID.isEmpty else { return }
        let limit = quotaLimit(resource, projectID: projectID)
        guard limit >= 0 else { return }
        if quotaUsage(resource, projectID: projectID) + count > limit { throw NeutronError.overQuota(resource) }
    }

    /// `{"network": 100, …}` for a project, in Neutron's order.
    func quotaSet(projectID: String) -> EmulatorJSONObject {
        EmulatorJSONObject(settings.defaultQuotas.map { ($0.resource, .int(quotaLimit($0.resource, projectID: projectID))) })
    }

    func defaultQuotaSet() -> EmulatorJSONObject {
        EmulatorJSONObject(settings.defaultQuotas.map { ($0.resource, .int($0.limit)) })
    }

    /// `/quotas/{id}/details`: limit, used and reserved per resource.
    func quotaDetails(projectID: String) -> EmulatorJSONObject {
        EmulatorJSONObject(settings.defaultQuotas.map { entry in
            (entry.resource, [
                "limit": .int(quotaLimit(entry.resource, projectID: projectID)),
                "used": .int(quotaUsage(entry.resource, projectID: projectID)), "reserved": 0,
            ])
        })
    }
}
