/// `/network/v2.0/routers`, with `add_router_interface`, `remove_router_interface` and the
/// atomic extra-route actions.
enum RouterRoutes {
    static let path = "/network/v2.0/routers"

    static let attributes: Set<String> = [
        "id", "name", "tenant_id", "project_id", "admin_state_up", "status", "external_gateway_info", "description",
        "availability_zones", "distributed", "ha", "availability_zone_hints", "routes", "flavor_id", "tags", "created_at",
        "updated_at", "revision_number",
    ]
    static let creatable: Set<String> = [
        "name", "tenant_id", "project_id", "admin_state_up", "external_gateway_info", "description", "distributed", "ha",
        "availability_zone_hints", "flavor_id",
    ]
    static let updatable: Set<String> = ["name", "admin_state_up", "external_gateway_info", "description", "distributed", "ha", "routes"]

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    let objects = state.routers.values.filter { state.owns($0.projectID, auth) }.map { state.render($0, admin: auth.isAdmin) }
                    return try NeutronListing.respond(request, collection: "routers", objects: objects, attributes: attributes, layout: .python)
                }
            },
            Route(.post, path) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "router", known: attributes, writable: creatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let router = try create(body, state: state, auth: auth)
                    return NeutronResponse.resource("router", state.render(router, admin: auth.isAdmin), request: request, status: 201, layout: .python)
                }
            },
            Route(.get, path + "/{router_id}") { request in
                try request.withNetwork { state, auth in
                    let router = try state.visibleRouter(request.parameter("router_id"), auth)
                    return NeutronResponse.resource("router", state.render(router, admin: auth.isAdmin), request: request, layout: .python)
                }
            },
            Route(.put, path + "/{router_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "router", known: attributes, writable: updatable, operation: .update)
                return try request.withNetwork { state, auth in
                    let router = try state.visibleRouter(request.parameter("router_id"), auth)
                    try update(router, with: body, state: state, auth: auth)
                    let updated = state.routers[router.id] ?? router
                    return NeutronResponse.resource("router", state.render(updated, admin: auth.isAdmin), request: request, layout: .python)
                }
            },
            Route(.delete, path + "/{router_id}") { request in
                try request.withNetwork { state, auth in
                    let router = try state.visibleRouter(request.parameter("router_id"), auth)
                    try state.deleteRouter(router.id)
                    return EmulatorResponse.empty()
                }
            },
            Route(.put, path + "/{router_id}/add_router_interface") { request in
                let body = try request.neutronJSON()
                return try request.withNetwork { state, auth in
                    let router = try state.visibleRouter(request.parameter("router_id"), auth)
                    let (subnetID, portID) = try interfaceTarget(body, state: state, auth: auth)
                    let info = try state.addInterface(routerID: router.id, subnetID: subnetID, portID: portID)
                    return NeutronResponse.json(info, layout: .python)
                }
            },
            Route(.put, path + "/{router_id}/remove_router_interface") { request in
                let body = try request.neutronJSON()
                return try request.withNetwork { state, auth in
                    let router = try state.visibleRouter(request.parameter("router_id"), auth)
                    let (subnetID, portID) = try interfaceTarget(body, state: state, auth: auth)
                    let info = try state.removeInterface(routerID: router.id, subnetID: subnetID, portID: portID)
                    return NeutronResponse.json(info, layout: .python)
                }
            },
            Route(.put, path + "/{router_id}/add_extraroutes") { request in
                try extraRoutes(request, adding: true)
            },
            Route(.put, path + "/{router_id}/remove_extraroutes") { request in
                try extraRoutes(request, adding: false)
            },
        ]
    }

    /// The subnet or port an interface action names, checked for visibility.
    static func interfaceTarget(_ body: EmulatorJSON, state: NetworkState, auth: AuthContext) throws(ServiceError) -> (String?, String?) {
        let subnetID = body["subnet_id"]?.stringValue
        let portID = body["port_id"]?.stringValue
        if let subnetID, subnetID.isEmpty == false, portID == nil { _ = try state.visibleSubnet(subnetID, auth) }
        if let portID, subnetID == nil { _ = try state.visiblePort(portID, auth) }
        return (subnetID, portID)
    }

    /// `external_gateway_info`: nil when absent, `.some(nil)` for `{}` or null (remove it).
    static func gatewayInfo(_ body: NeutronBody, auth: AuthContext, action: String) throws(ServiceError)
        -> (networkID: String, enableSNAT: Bool?, fixedIPs: [PortRequest.RequestedIP]?)??
    {
        guard let value = body.object["external_gateway_info"] else { return nil }
        guard let info = value.objectValue, !info.isEmpty else {
            if value.isNull || value.objectValue != nil { return .some(nil) }
            throw NeutronError.invalidAttribute("external_gateway_info", "'\(PythonRepr.str(value))' is not a dictionary.")
        }
        let unknown = info.keys.filter { !["network_id", "enable_snat", "external_fixed_ips"].contains($0) }
        guard unknown.isEmpty else {
            throw NeutronError.invalidAttribute("external_gateway_info", "Unexpected keys supplied: \(unknown.joined(separator: ", "))")
        }
        guard let networkID = info["network_id"]?.stringValue, NeutronBody.isUUID(networkID) else {
            throw NeutronError.invalidAttribute("external_gateway_info", "'\(PythonRepr.str(info["network_id"] ?? .null))' is not a valid UUID.")
        }
        if !auth.isAdmin, let key = ["enable_snat", "external_fixed_ips"].first(where: { info[$0] != nil }) {
            let gateway = "rule:\(action):external_gateway_info"
            throw NeutronError.policy("(rule:\(action) and (\(gateway) and (\(gateway):network_id and \(gateway):\(key))))")
        }
        let snat = try info["enable_snat"].map { value throws(ServiceError) in try NeutronBody.boolean(value) }
        var fixed: [PortRequest.RequestedIP]?
        if let value = info["external_fixed_ips"] {
            guard let list = value.arrayValue else {
                throw NeutronError.invalidAttribute("external_gateway_info", "'\(PythonRepr.str(value))' is not a list.")
            }
            fixed = try PortRoutes.requestedIPs(list, attribute: "external_gateway_info")
        }
        return .some((networkID, snat, fixed))
    }

    static func checkAdminOnly(_ body: NeutronBody, auth: AuthContext, action: String) throws(ServiceError) {
        guard !auth.isAdmin else { return }
        if let attribute = ["distributed", "ha"].first(where: body.has) { throw NeutronError.policy(action: action, attribute: attribute) }
    }

    static func create(_ body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) -> NeutronRouter {
        let projectID = try body.owner(auth)
        try checkAdminOnly(body, auth: auth, action: "create_router")
        let gateway = try gatewayInfo(body, auth: auth, action: "create_router")
        try state.checkQuota("router", projectID: projectID)
        let standard = state.standardAttributes(description: try body.string("description") ?? "", revision: 1)
        var router = NeutronRouter(id: Identifiers.uuid(), name: try body.string("name") ?? "", projectID: projectID, standard: standard)
        router.adminStateUp = try body.bool("admin_state_up") ?? true
        router.distributed = try body.bool("distributed") ?? false
        router.ha = try body.bool("ha") ?? false
        router.availabilityZoneHints = try body.stringList("availability_zone_hints") ?? []
        if state.cloud.faults.resourceShouldFail(kind: "router") { router.status = "ERROR" }
        state.routers[router.id] = router
        if case .some(.some(let info)) = gateway {
            do {
                try state.setGateway(routerID: router.id, networkID: info.networkID, enableSNAT: info.enableSNAT, fixedIPs: info.fixedIPs)
                state.routers[router.id]?.standard.revision = router.standard.revision
            } catch {
                state.routers[router.id] = nil
                throw error
            }
        }
        return state.routers[router.id] ?? router
    }

    static func update(_ router: NeutronRouter, with body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) {
        try checkAdminOnly(body, auth: auth, action: "update_router")
        var changed = router
        if let name = try body.string("name") { changed.name = name }
        if let description = try body.string("description") { changed.standard.description = description }
        if let flag = try body.bool("admin_state_up") { changed.adminStateUp = flag }
        if let flag = try body.bool("distributed") { changed.distributed = flag }
        if let flag = try body.bool("ha") { changed.ha = flag }
        if let routes = try body.list("routes") { changed.routes = try validateRoutes(routes) }
        let gateway = try gatewayInfo(body, auth: auth, action: "update_router")
        changed.standard.touch(state.now)
        state.routers[router.id] = changed
        switch gateway {
        case .none: break
        case .some(.none): try state.clearGateway(routerID: router.id)
        case .some(.some(let info)):
            try state.setGateway(routerID: router.id, networkID: info.networkID, enableSNAT: info.enableSNAT, fixedIPs: info.fixedIPs)
        }
    }

    static func validateRoutes(_ routes: [EmulatorJSON]) throws(ServiceError) -> [EmulatorJSON] {
        var result: [EmulatorJSON] = []
        for route in routes {
            guard let object = route.objectValue, let destination = object["destination"]?.stringValue.flatMap(IPNetwork.parse),
                let nexthop = object["nexthop"]?.stringValue.flatMap(IPAddress.parse)
            else {
                throw NeutronError.invalidAttribute("routes", "Invalid data format for hostroute: '\(PythonRepr.str(route))'.")
            }
            let normalized: EmulatorJSON = ["destination": .string(destination.cidr), "nexthop": .string(nexthop.description)]
            if !result.contains(normalized) { result.append(normalized) }
        }
        return result
    }

    static func extraRoutes(_ request: EmulatorRequest, adding: Bool) throws -> EmulatorResponse {
        let body = try NeutronBody(request.neutronJSON(), resource: "router", known: ["routes"], writable: ["routes"], operation: .update)
        let given = try validateRoutes(try body.list("routes") ?? [])
        return try request.withNetwork { state, auth in
            var router = try state.visibleRouter(request.parameter("router_id"), auth)
            if adding {
                router.routes += given.filter { !router.routes.contains($0) }
            } else {
                router.routes.removeAll(where: given.contains)
            }
            router.standard.touch(state.now)
            state.routers[router.id] = router
            return NeutronResponse.json(["router": .object(state.render(router, admin: auth.isAdmin))], layout: .python)
        }
    }
}
