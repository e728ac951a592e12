/// `/network/v2.0/security-groups` and `/network/v2.0/security-group-rules`.
enum SecurityGroupRoutes {
    static let groups = "/network/v2.0/security-groups"
    static let rules = "/network/v2.0/security-group-rules"

    static let groupAttributes: Set<String> = [
        "id", "name", "stateful", "tenant_id", "project_id", "description", "shared", "security_group_rules", "tags",
        "created_at", "updated_at", "revision_number",
    ]
    static let groupCreatable: Set<String> = ["name", "stateful", "tenant_id", "project_id", "description"]
    static let groupUpdatable: Set<String> = ["name", "stateful", "description"]
    static let ruleAttributes: Set<String> = [
        "id", "tenant_id", "project_id", "security_group_id", "ethertype", "direction", "protocol", "port_range_min",
        "port_range_max", "remote_ip_prefix", "remote_address_group_id", "normalized_cidr", "remote_group_id", "description",
        "created_at", "updated_at", "revision_number",
    ]
    static let ruleCreatable: Set<String> = [
        "tenant_id", "project_id", "security_group_id", "ethertype", "direction", "protocol", "port_range_min",
        "port_range_max", "remote_ip_prefix", "remote_group_id", "description",
    ]

    static var routes: [Route] {
        [
            Route(.get, groups) { request in
                try request.withNetwork { state, auth in
                    if let project = auth.projectID { state.ensureDefaultSecurityGroup(projectID: project) }
                    let objects = state.securityGroups.values.filter { state.owns($0.projectID, auth) }.map { state.render($0) }
                    return try NeutronListing.respond(
                        request, collection: "security_groups", objects: objects, attributes: groupAttributes, layout: .python)
                }
            },
            Route(.post, groups) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "security_group", known: groupAttributes, writable: groupCreatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let group = try state.createSecurityGroup(
                        name: try body.string("name") ?? "", description: try body.string("description") ?? "",
                        projectID: try body.owner(auth), stateful: try body.bool("stateful") ?? true)
                    return NeutronResponse.resource("security_group", state.render(group), request: request, status: 201, layout: .python)
                }
            },
            Route(.get, groups + "/{security_group_id}") { request in
                try request.withNetwork { state, auth in
                    let group = try state.visibleSecurityGroup(request.parameter("security_group_id"), auth)
                    return NeutronResponse.resource("security_group", state.render(group), request: request, layout: .python)
                }
            },
            Route(.put, groups + "/{security_group_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "security_group", known: groupAttributes, writable: groupUpdatable, operation: .update)
                return try request.withNetwork { state, auth in
                    var group = try state.visibleSecurityGroup(request.parameter("security_group_id"), auth)
                    if let name = try body.string("name") {
                        if group.name == "default" && name != "default" {
                            throw ServiceError.conflict("Updating default security group not allowed.", kind: "SecurityGroupCannotUpdateDefault")
                        }
                        group.name = name
                    }
                    if let description = try body.string("description") { group.standard.description = description }
                    if let stateful = try body.bool("stateful") { group.stateful = stateful }
                    group.standard.touch(state.now)
                    state.securityGroups[group.id] = group
                    return NeutronResponse.resource("security_group", state.render(group), request: request, layout: .python)
                }
            },
            Route(.delete, groups + "/{security_group_id}") { request in
                try request.withNetwork { state, auth in
                    let group = try state.visibleSecurityGroup(request.parameter("security_group_id"), auth)
                    try state.deleteSecurityGroup(group.id, isAdmin: auth.isAdmin)
                    return EmulatorResponse.empty()
                }
            },
            Route(.get, rules) { request in
                try request.withNetwork { state, auth in
                    let objects = state.securityGroupRules.values.filter { state.owns($0.projectID, auth) }.map { state.render($0) }
                    return try NeutronListing.respond(
                        request, collection: "security_group_rules", objects: objects, attributes: ruleAttributes, layout: .python)
                }
            },
            Route(.post, rules) { request in
                let body = try NeutronBody(
                    request.neutronJSON(), resource: "security_group_rule", known: ruleAttributes, writable: ruleCreatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let rule = try state.createRule(try ruleRequest(body, state: state, auth: auth))
                    return NeutronResponse.resource("security_group_rule", state.render(rule), request: request, status: 201, layout: .python)
                }
            },
            Route(.get, rules + "/{rule_id}") { request in
                try request.withNetwork { state, auth in
                    let rule = try state.visibleRule(request.parameter("rule_id"), auth)
                    return NeutronResponse.resource("security_group_rule", state.render(rule), request: request, layout: .python)
                }
            },
            Route(.delete, rules + "/{rule_id}") { request in
                try request.withNetwork { state, auth in
                    let rule = try state.visibleRule(request.parameter("rule_id"), auth)
                    state.deleteRule(rule.id)
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    static func ruleRequest(_ body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) -> RuleRequest {
        try body.require("security_group_id", "direction")
        let groupID = try body.uuid("security_group_id") ?? ""
        let direction = try body.string("direction") ?? ""
        guard direction == "ingress" || direction == "egress" else {
            throw NeutronError.invalidAttribute("direction", "\(direction) is not in valid_values.")
        }
        var ethertype = "IPv4"
        if let given = try body.string("ethertype") {
            switch given.lowercased() {
            case "ipv4": ethertype = "IPv4"
            case "ipv6": ethertype = "IPv6"
            default: throw NeutronError.invalidAttribute("ethertype", "\(given) is not in valid_values.")
            }
        }
        let group = try state.visibleSecurityGroup(groupID, auth)
        let projectID = try body.has("project_id") || body.has("tenant_id") ? body.owner(auth) : group.projectID
        var request = RuleRequest(projectID: projectID, groupID: group.id, direction: direction, ethertype: ethertype)
        request.protocolName = try SecurityGroupProtocols.convert(body.object["protocol"])
        request.portRangeMin = try port(body, "port_range_min")
        request.portRangeMax = try port(body, "port_range_max")
        if let prefix = try body.nullableString("remote_ip_prefix") ?? nil {
            guard let network = IPNetwork.parse(prefix) else {
                throw NeutronError.invalidAttribute("remote_ip_prefix", "'\(prefix)' is not a valid IP subnet.")
            }
            request.remoteIPPrefix = network
        }
        if let remote = try body.nullableString("remote_group_id") ?? nil {
            guard NeutronBody.isUUID(remote) else { throw NeutronError.invalidAttribute("remote_group_id", "'\(remote)' is not a valid UUID.") }
            request.remoteGroupID = remote
        }
        request.description = try body.string("description") ?? ""
        return request
    }

    static func port(_ body: NeutronBody, _ key: String) throws(ServiceError) -> Int? {
        guard let value = body.object[key], !value.isNull else { return nil }
        guard let number = value.intValue ?? value.stringValue.flatMap({ Int($0) }), (0...65535).contains(number) else {
            throw ServiceError.badRequest("Invalid value for port \(PythonRepr.str(value)).", kind: "SecurityGroupInvalidPortValue")
        }
        return number
    }
}
