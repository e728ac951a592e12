/// `/network/v2.0/quotas`: Neutron's quota API. Limits are enforced on create (409 `OverQuota`).
enum QuotaRoutes {
    static let path = "/network/v2.0/quotas"

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    guard auth.isAdmin else { throw NeutronError.policy("rule:get_quota") }
                    let quotas: [EmulatorJSON] = state.quotaOverrides.keys.sorted().map { project in
                        var set = state.quotaSet(projectID: project)
                        set["project_id"] = .string(project)
                        set["tenant_id"] = .string(project)
                        return .object(set)
                    }
                    return NeutronResponse.json(["quotas": .array(quotas)], layout: .python)
                }
            },
            Route(.get, path + "/{project_id}") { request in
                try readable(request) { state, project in .object(state.quotaSet(projectID: project)) }
            },
            Route(.get, path + "/{project_id}/default") { request in
                try readable(request) { state, _ in .object(state.defaultQuotaSet()) }
            },
            Route(.get, path + "/{project_id}/details") { request in
                try readable(request) { state, project in .object(state.quotaDetails(projectID: project)) }
            },
            Route(.put, path + "/{project_id}") { request in
                let body = try request.neutronJSON()
                return try request.withNetwork { state, auth in
                    guard auth.isAdmin else { throw NeutronError.policy("rule:update_quota") }
                    guard let quota = body["quota"]?.objectValue else { throw NeutronError.missingBody("quota") }
                    let known = state.settings.defaultQuotas.map(\.resource)
                    let unknown = quota.keys.filter { !known.contains($0) && $0 != "check_limit" }
                    guard unknown.isEmpty else { throw NeutronError.unrecognized(unknown) }
                    var limits: [String: Int] = [:]
                    for (resource, value) in quota where resource != "check_limit" {
                        guard let limit = value.intValue ?? value.stringValue.flatMap({ Int($0) }) else {
                            throw NeutronError.invalidInput("'\(PythonRepr.str(value))' is not an integer.")
                        }
                        guard limit >= -1 else {
                            throw NeutronError.invalidInput("'\(limit)' is too small - must be at least '-1'")
                        }
                        limits[resource] = limit
                    }
                    let project = request.parameter("project_id")
                    state.quotaOverrides[project, default: [:]].merge(limits) { $1 }
                    return NeutronResponse.json(["quota": .object(state.quotaSet(projectID: project))], layout: .python)
                }
            },
            Route(.delete, path + "/{project_id}") { request in
                try request.withNetwork { state, auth in
                    guard auth.isAdmin else { throw NeutronError.policy("rule:delete_quota") }
                    state.quotaOverrides[request.parameter("project_id")] = nil
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    /// A quota read: admins read any project's, others only their own.
    static func readable(_ request: EmulatorRequest, _ body: @escaping (NetworkState, String) -> EmulatorJSON) throws -> EmulatorResponse {
        try request.withNetwork { state, auth in
            let project = request.parameter("project_id")
            guard auth.isAdmin || project == auth.projectID else { throw NeutronError.policy("rule:get_quota") }
            return NeutronResponse.json(["quota": body(state, project)], layout: .python)
        }
    }
}
