/// `/network/v2.0/ports`.
enum PortRoutes {
    static let path = "/network/v2.0/ports"

    static let attributes: Set<String> = [
        "id", "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "status", "device_id",
        "device_owner", "fixed_ips", "allowed_address_pairs", "extra_dhcp_opts", "security_groups", "description",
        "binding:vnic_type", "binding:profile", "binding:host_id", "binding:vif_type", "binding:vif_details",
        "port_security_enabled", "tags", "created_at", "updated_at", "revision_number",
    ]
    static let creatable: Set<String> = [
        "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "device_id", "device_owner",
        "fixed_ips", "allowed_address_pairs", "extra_dhcp_opts", "security_groups", "description", "binding:vnic_type",
        "binding:profile", "binding:host_id", "port_security_enabled", "tags",
    ]
    static let updatable = creatable.subtracting(["network_id", "tenant_id", "project_id", "tags"])
    static let vnicTypes = ["normal", "direct", "macvtap", "baremetal", "direct-physical", "virtio-forwarder", "smart-nic", "vdpa", "remote-managed"]
    /// Ports the router plugin owns: deleted through the router API only.
    static let routerOwners = [NetworkState.routerInterfaceOwner, NetworkState.routerGatewayOwner, NetworkState.floatingIPOwner]

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    let objects = state.ports.values.filter { state.canSee($0, auth) }.map { state.render($0, admin: auth.isAdmin) }
                    return try NeutronListing.respond(
                        request, collection: "ports", objects: objects, attributes: attributes, layout: .compact,
                        special: ["fixed_ips": matchesFixedIPs])
                }
            },
            Route(.post, path) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "port", known: attributes, writable: creatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let port = try create(body, state: state, auth: auth)
                    return NeutronResponse.resource("port", state.render(port, admin: auth.isAdmin), request: request, status: 201, layout: .compact)
                }
            },
            Route(.get, path + "/{port_id}") { request in
                try request.withNetwork { state, auth in
                    let port = try state.visiblePort(request.parameter("port_id"), auth)
                    return NeutronResponse.resource("port", state.render(port, admin: auth.isAdmin), request: request, layout: .compact)
                }
            },
            Route(.put, path + "/{port_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "port", known: attributes, writable: updatable, operation: .update)
                return try request.withNetwork { state, auth in
                    let port = try state.visiblePort(request.parameter("port_id"), auth)
                    try state.requireOwner(port.projectID, auth, rule: "update_port")
                    let updated = try update(port, with: body, state: state, auth: auth)
                    return NeutronResponse.resource("port", state.render(updated, admin: auth.isAdmin), request: request, layout: .compact)
                }
            },
            Route(.delete, path + "/{port_id}") { request in
                try request.withNetwork { state, auth in
                    let port = try state.visiblePort(request.parameter("port_id"), auth)
                    try state.requireOwner(port.projectID, auth, rule: "delete_port")
                    if routerOwners.contains(port.deviceOwner) && !port.deviceID.isEmpty {
                        throw ServiceError.conflict(
                            "Port \(port.id) cannot be deleted directly via the port API: has device owner \(port.deviceOwner).", kind: "ServicePortInUse")
                    }
                    state.deletePort(port.id)
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    /// `?fixed_ips=ip_address=10.0.0.5`, `subnet_id=…`, `ip_address_substr=…`: a port matches
    /// when one of its addresses satisfies every condition.
    static func matchesFixedIPs(_ conditions: [String], _ port: EmulatorJSONObject) -> Bool {
        let parsed = conditions.map { condition -> (String, String) in
            let parts = condition.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        return (port["fixed_ips"]?.arrayValue ?? []).contains { fixed in
            parsed.allSatisfy { key, value in
                switch key {
                case "ip_address_substr": fixed["ip_address"]?.stringValue?.contains(value) == true
                default: fixed[key]?.stringValue == value
                }
            }
        }
    }

    static func fixedIPs(_ body: NeutronBody) throws(ServiceError) -> [PortRequest.RequestedIP]? {
        guard let list = try body.list("fixed_ips") else { return nil }
        return try requestedIPs(list, attribute: "fixed_ips")
    }

    static func requestedIPs(_ list: [EmulatorJSON], attribute: String) throws(ServiceError) -> [PortRequest.RequestedIP] {
        var requested: [PortRequest.RequestedIP] = []
        for item in list {
            guard let object = item.objectValue, Set(object.keys).isSubset(of: ["subnet_id", "ip_address"]) else {
                throw NeutronError.invalidAttribute(attribute, "Invalid data format for fixed IP: '\(PythonRepr.str(item))'.")
            }
            var ip = PortRequest.RequestedIP()
            if let subnet = object["subnet_id"] {
                guard let text = subnet.stringValue, NeutronBody.isUUID(text) else {
                    throw NeutronError.invalidAttribute(attribute, "'\(PythonRepr.str(subnet))' is not a valid UUID.")
                }
                ip.subnetID = text
            }
            if let address = object["ip_address"] {
                guard let parsed = address.stringValue.flatMap(IPAddress.parse) else {
                    throw NeutronError.invalidAttribute(attribute, "'\(PythonRepr.str(address))' is not a valid IP address.")
                }
                ip.address = parsed
            }
            requested.append(ip)
        }
        return requested
    }

    static func checkAdminOnly(_ body: NeutronBody, auth: AuthContext, action: String) throws(ServiceError) {
        guard !auth.isAdmin else { return }
        if let attribute = ["binding:host_id", "binding:profile"].first(where: body.has) {
            throw NeutronError.policy(action: action, attribute: attribute)
        }
    }

    static func create(_ body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) -> NeutronPort {
        try body.require("network_id")
        let networkID = try body.uuid("network_id") ?? ""
        let projectID = try body.owner(auth)
        try checkAdminOnly(body, auth: auth, action: "create_port")
        let network = try state.visibleNetwork(networkID, auth)
        if !auth.isAdmin && network.projectID != auth.projectID && !network.shared {
            throw NeutronError.tenantNotAllowed(auth.projectID ?? "", "port")
        }
        var request = PortRequest(networkID: networkID, projectID: projectID)
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description") ?? ""
        request.deviceID = try body.string("device_id") ?? ""
        request.deviceOwner = try body.string("device_owner") ?? ""
        request.adminStateUp = try body.bool("admin_state_up") ?? true
        request.fixedIPs = try fixedIPs(body)
        request.macAddress = try body.string("mac_address")
        request.securityGroups = try body.stringList("security_groups")
        request.portSecurityEnabled = try body.bool("port_security_enabled")
        request.allowedAddressPairs = try body.list("allowed_address_pairs") ?? []
        request.extraDHCPOptions = try body.list("extra_dhcp_opts") ?? []
        request.vnicType = try vnicType(body) ?? "normal"
        request.hostID = try body.string("binding:host_id") ?? ""
        request.bindingProfile = body.object["binding:profile"]?.objectValue ?? [:]
        request.tags = try body.tags()
        request.faultable = true
        return try state.createPort(request)
    }

    static func vnicType(_ body: NeutronBody) throws(ServiceError) -> String? {
        guard let type = try body.string("binding:vnic_type") else { return nil }
        guard vnicTypes.contains(type) else { throw NeutronError.invalidAttribute("binding:vnic_type", "\(type) is not in valid_values.") }
        return type
    }

    static func update(_ original: NeutronPort, with body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) -> NeutronPort {
        try checkAdminOnly(body, auth: auth, action: "update_port")
        var port = original
        if let name = try body.string("name") { port.name = name }
        if let description = try body.string("description") { port.standard.description = description }
        if let flag = try body.bool("admin_state_up") { port.adminStateUp = flag }
        if let device = try body.string("device_id") { port.deviceID = device }
        if let owner = try body.string("device_owner") { port.deviceOwner = owner }
        if let pairs = try body.list("allowed_address_pairs") { port.allowedAddressPairs = pairs }
        if let options = try body.list("extra_dhcp_opts") { port.extraDHCPOptions = options }
        if let type = try vnicType(body) { port.vnicType = type }
        if let profile = body.object["binding:profile"]?.objectValue { port.bindingProfile = profile }
        if let host = try body.string("binding:host_id") { port.hostID = host }
        if let flag = try body.bool("port_security_enabled") { port.portSecurityEnabled = flag }
        if let requested = try fixedIPs(body), let network = state.networks[port.networkID] {
            port.fixedIPs = try state.assignAddresses(requested, network: network, keeping: original.fixedIPs)
        }
        if let mac = try body.string("mac_address") {
            guard auth.isAdmin else { throw NeutronError.policy(action: "update_port", attribute: "mac_address") }
            port.macAddress = try state.macAddress(mac, networkID: port.networkID)
        }
        if let groups = try body.stringList("security_groups") {
            for id in groups where state.securityGroups[id].map({ $0.projectID != port.projectID }) ?? true {
                throw NeutronError.securityGroupNotFound(id)
            }
            port.securityGroups = groups
        }
        if !port.portSecurityEnabled && !port.securityGroups.isEmpty {
            throw ServiceError.conflict(
                "Port has security group associated. Cannot disable port security or ip address until security group is removed",
                kind: "PortSecurityPortHasSecurityGroup")
        }
        if port.status != "ERROR" { port.status = port.isBound ? "ACTIVE" : "DOWN" }
        port.standard.touch(state.now)
        state.store(port)
        return port
    }
}
