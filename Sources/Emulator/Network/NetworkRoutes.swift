/// `/network/v2.0/networks`.
enum NetworkRoutes {
    static let path = "/network/v2.0/networks"

    static let attributes: Set<String> = [
        "id", "name", "tenant_id", "project_id", "admin_state_up", "mtu", "status", "subnets", "shared",
        "availability_zone_hints", "availability_zones", "ipv4_address_scope", "ipv6_address_scope", "router:external",
        "description", "port_security_enabled", "is_default", "tags", "created_at", "updated_at", "revision_number",
        "provider:network_type", "provider:physical_network", "provider:segmentation_id",
    ]
    static let creatable: Set<String> = [
        "name", "tenant_id", "project_id", "admin_state_up", "mtu", "shared", "availability_zone_hints", "router:external",
        "description", "port_security_enabled", "is_default", "provider:network_type", "provider:physical_network",
        "provider:segmentation_id",
    ]
    static let updatable: Set<String> = ["name", "admin_state_up", "mtu", "shared", "router:external", "description", "port_security_enabled", "is_default"]
    /// Attributes only admins may set (Neutron's policy).
    static let adminOnly = ["shared", "router:external", "is_default", "provider:network_type", "provider:physical_network", "provider:segmentation_id"]

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    let objects = state.networks.values.filter { state.canSee($0, auth) }.map { state.render($0, admin: auth.isAdmin) }
                    return try NeutronListing.respond(request, collection: "networks", objects: objects, attributes: attributes, layout: .compact)
                }
            },
            Route(.post, path) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "network", known: attributes, writable: creatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let network = try create(body, state: state, auth: auth)
                    return NeutronResponse.resource("network", state.render(network, admin: auth.isAdmin, creating: true), request: request, status: 201, layout: .compact)
                }
            },
            Route(.get, path + "/{network_id}") { request in
                try request.withNetwork { state, auth in
                    let network = try state.visibleNetwork(request.parameter("network_id"), auth)
                    return NeutronResponse.resource("network", state.render(network, admin: auth.isAdmin), request: request, layout: .compact)
                }
            },
            Route(.put, path + "/{network_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "network", known: attributes, writable: updatable, operation: .update)
                return try request.withNetwork { state, auth in
                    var network = try state.visibleNetwork(request.parameter("network_id"), auth)
                    try state.requireOwner(network.projectID, auth, rule: "update_network")
                    try checkAdminOnly(body, auth: auth, action: "update_network")
                    try apply(body, to: &network)
                    network.standard.touch(state.now)
                    state.networks[network.id] = network
                    return NeutronResponse.resource("network", state.render(network, admin: auth.isAdmin), request: request, layout: .compact)
                }
            },
            Route(.delete, path + "/{network_id}") { request in
                try request.withNetwork { state, auth in
                    let network = try state.visibleNetwork(request.parameter("network_id"), auth)
                    try state.requireOwner(network.projectID, auth, rule: "delete_network")
                    try state.deleteNetwork(network.id)
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    static func checkAdminOnly(_ body: NeutronBody, auth: AuthContext, action: String) throws(ServiceError) {
        guard !auth.isAdmin else { return }
        if let attribute = adminOnly.first(where: body.has) { throw NeutronError.policy(action: action, attribute: attribute) }
    }

    static func create(_ body: NeutronBody, state: NetworkState, auth: AuthContext) throws(ServiceError) -> NeutronNetwork {
        let projectID = try body.owner(auth)
        try checkAdminOnly(body, auth: auth, action: "create_network")
        let type = try body.string("provider:network_type") ?? "vxlan"
        guard ["flat", "vlan", "vxlan"].contains(type) else { throw NeutronError.invalidInput("network_type value '\(type)' not supported.") }
        let physical = try body.string("provider:physical_network")
        if type != "vxlan" && physical == nil { throw NeutronError.invalidInput("physical_network required for \(type) provider network.") }
        var segment = try body.integer("provider:segmentation_id")
        if type == "flat" { segment = nil } else if segment == nil { segment = state.allocateSegmentationID() }
        let mtu = type == "vxlan" ? state.settings.tenantNetworkMTU : 1500
        try state.checkQuota("network", projectID: projectID)
        let standard = state.standardAttributes(description: try body.string("description") ?? "", revision: 1)
        var network = NeutronNetwork(
            id: Identifiers.uuid(), name: "", projectID: projectID, mtu: mtu, networkType: type,
            physicalNetwork: type == "vxlan" ? nil : physical, segmentationID: segment, standard: standard)
        try apply(body, to: &network)
        network.availabilityZoneHints = try body.stringList("availability_zone_hints") ?? []
        state.networks[network.id] = network
        return network
    }

    static func apply(_ body: NeutronBody, to network: inout NeutronNetwork) throws(ServiceError) {
        if let name = try body.string("name") { network.name = name }
        if let description = try body.string("description") { network.standard.description = description }
        if let flag = try body.bool("admin_state_up") { network.adminStateUp = flag }
        if let flag = try body.bool("shared") { network.shared = flag }
        if let flag = try body.bool("router:external") { network.external = flag }
        if let flag = try body.bool("port_security_enabled") { network.portSecurityEnabled = flag }
        if let flag = try body.bool("is_default") { network.isDefault = flag }
        if let mtu = try body.integer("mtu") {
            guard mtu >= 68 else { throw NeutronError.invalidAttribute("mtu", "'\(mtu)' is too small - must be at least '68'") }
            network.mtu = mtu
        }
    }
}

extension NetworkState {
    /// Deletes a network and its subnets, unless ports are still on it (409 `NetworkInUse`).
    func deleteNetwork(_ id: String) throws(ServiceError) {
        let inUse = ports(onNetwork: id)
        guard inUse.isEmpty else {
            throw ServiceError.conflict(
                "Unable to complete operation on network \(id). There are one or more ports still in use on the network, id for these ports is: \(inUse.map(\.id).joined(separator: ",")).",
                kind: "NetworkInUse")
        }
        for subnetID in networks[id]?.subnetIDs ?? [] { subnets[subnetID] = nil }
        networks[id] = nil
    }
}
