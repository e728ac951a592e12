/// `/network/v2.0/subnets`.
enum SubnetRoutes {
    static let path = "/network/v2.0/subnets"

    static let attributes: Set<String> = [
        "id", "name", "tenant_id", "project_id", "network_id", "ip_version", "subnetpool_id", "enable_dhcp", "ipv6_ra_mode",
        "ipv6_address_mode", "gateway_ip", "cidr", "allocation_pools", "host_routes", "dns_nameservers", "description",
        "service_types", "tags", "created_at", "updated_at", "revision_number", "prefixlen", "use_default_subnetpool", "segment_id",
    ]
    static let creatable: Set<String> = [
        "name", "tenant_id", "project_id", "network_id", "ip_version", "subnetpool_id", "enable_dhcp", "ipv6_ra_mode",
        "ipv6_address_mode", "gateway_ip", "cidr", "allocation_pools", "host_routes", "dns_nameservers", "description",
        "service_types", "prefixlen", "use_default_subnetpool", "segment_id",
    ]
    static let updatable: Set<String> = [
        "name", "enable_dhcp", "gateway_ip", "allocation_pools", "host_routes", "dns_nameservers", "description", "service_types",
    ]
    static let ipv6Modes = ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"]

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    let objects = state.subnets.values.filter { state.canSee($0, auth) }.map { state.render($0) }
                    return try NeutronListing.respond(request, collection: "subnets", objects: objects, attributes: attributes, layout: .compact)
                }
            },
            Route(.post, path) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "subnet", known: attributes, writable: creatable, operation: .create)
                return try request.withNetwork { state, auth in
                    let subnetRequest = try parseCreate(body, auth: auth)
                    let network = try state.visibleNetwork(subnetRequest.networkID, auth)
                    if !auth.isAdmin && network.projectID != auth.projectID {
                        throw NeutronError.tenantNotAllowed(auth.projectID ?? "", "subnet")
                    }
                    let subnet = try state.createSubnet(subnetRequest)
                    return NeutronResponse.resource("subnet", state.render(subnet), request: request, status: 201, layout: .compact)
                }
            },
            Route(.get, path + "/{subnet_id}") { request in
                try request.withNetwork { state, auth in
                    let subnet = try state.visibleSubnet(request.parameter("subnet_id"), auth)
                    return NeutronResponse.resource("subnet", state.render(subnet), request: request, layout: .compact)
                }
            },
            Route(.put, path + "/{subnet_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "subnet", known: attributes, writable: updatable, operation: .update)
                return try request.withNetwork { state, auth in
                    var subnet = try state.visibleSubnet(request.parameter("subnet_id"), auth)
                    try state.requireOwner(subnet.projectID, auth, rule: "update_subnet")
                    try update(&subnet, with: body)
                    subnet.standard.touch(state.now)
                    state.subnets[subnet.id] = subnet
                    return NeutronResponse.resource("subnet", state.render(subnet), request: request, layout: .compact)
                }
            },
            Route(.delete, path + "/{subnet_id}") { request in
                try request.withNetwork { state, auth in
                    let subnet = try state.visibleSubnet(request.parameter("subnet_id"), auth)
                    try state.requireOwner(subnet.projectID, auth, rule: "delete_subnet")
                    try state.deleteSubnet(subnet.id)
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    static func parseCreate(_ body: NeutronBody, auth: AuthContext) throws(ServiceError) -> SubnetRequest {
        try body.require("network_id", "ip_version")
        let networkID = try body.uuid("network_id") ?? ""
        let version = try body.integer("ip_version") ?? 4
        guard version == 4 || version == 6 else { throw NeutronError.invalidAttribute("ip_version", "\(version) is not in valid_values.") }
        let cidr = try body.nullableString("cidr")
        let pool = try body.nullableString("subnetpool_id") ?? nil
        let useDefault = try body.bool("use_default_subnetpool") ?? false
        if pool != nil || useDefault {
            throw NeutronError.badRequest("subnets", "subnet pools are not supported by this cloud.")
        }
        guard let cidr = cidr ?? nil else { throw NeutronError.badRequest("subnets", "a subnetpool must be specified in the absence of a cidr.") }
        var request = SubnetRequest(projectID: try body.owner(auth), networkID: networkID, cidr: cidr, ipVersion: version)
        request.name = try body.string("name") ?? ""
        request.description = try body.string("description") ?? ""
        request.enableDHCP = try body.bool("enable_dhcp") ?? true
        if let gateway = try body.nullableString("gateway_ip") { request.gateway = gateway.map { .address($0) } ?? SubnetRequest.Gateway.none }
        request.pools = try pools(body)
        request.dnsNameservers = try nameservers(body) ?? []
        request.hostRoutes = try hostRoutes(body) ?? []
        request.serviceTypes = try body.stringList("service_types") ?? []
        for key in ["ipv6_ra_mode", "ipv6_address_mode"] {
            guard let mode = try body.nullableString(key) ?? nil else { continue }
            guard ipv6Modes.contains(mode) else { throw NeutronError.invalidAttribute(key, "\(mode) is not in valid_values.") }
            guard version == 6 else { throw NeutronError.invalidInput("\(key) is not valid when ip_version is 4") }
            if key == "ipv6_ra_mode" { request.ipv6RAMode = mode } else { request.ipv6AddressMode = mode }
        }
        return request
    }

    static func pools(_ body: NeutronBody) throws(ServiceError) -> [(start: IPAddress, end: IPAddress, given: EmulatorJSON)]? {
        guard let value = body.object["allocation_pools"], !value.isNull else { return nil }
        guard let list = value.arrayValue else {
            throw NeutronError.invalidAttribute("allocation_pools", "Invalid data format for IP pool: '\(PythonRepr.str(value))'.")
        }
        var pools: [(start: IPAddress, end: IPAddress, given: EmulatorJSON)] = []
        for item in list {
            guard let pool = item.objectValue else {
                throw NeutronError.invalidAttribute("allocation_pools", "Invalid data format for IP pool: '\(PythonRepr.str(item))'.")
            }
            guard Set(pool.keys) == ["start", "end"] else {
                let provided = "{" + pool.keys.sorted().map { "'\($0)'" }.joined(separator: ", ") + "}"
                throw NeutronError.invalidAttribute(
                    "allocation_pools", "Validation of dictionary's keys failed. Expected keys: {'end', 'start'} Provided keys: \(provided).")
            }
            var ends: [IPAddress] = []
            for key in ["start", "end"] {
                let text = pool[key].map(PythonRepr.str) ?? ""
                guard let address = IPAddress.parse(text) else {
                    throw NeutronError.invalidAttribute("allocation_pools", "'\(text)' is not a valid IP address.")
                }
                ends.append(address)
            }
            pools.append((ends[0], ends[1], item))
        }
        return pools
    }

    static func nameservers(_ body: NeutronBody) throws(ServiceError) -> [String]? {
        guard let servers = try body.stringList("dns_nameservers") else { return nil }
        for server in servers where IPAddress.parse(server) == nil {
            throw NeutronError.invalidAttribute("dns_nameservers", "'\(server)' is not a valid nameserver. '\(server)' is not a valid IP address.")
        }
        return servers
    }

    static func hostRoutes(_ body: NeutronBody) throws(ServiceError) -> [EmulatorJSON]? {
        guard let routes = try body.list("host_routes") else { return nil }
        var result: [EmulatorJSON] = []
        for route in routes {
            guard let object = route.objectValue, Set(object.keys) == ["destination", "nexthop"],
                let destination = object["destination"]?.stringValue, let cidr = IPNetwork.parse(destination),
                let nexthop = object["nexthop"]?.stringValue, let hop = IPAddress.parse(nexthop)
            else {
                throw NeutronError.invalidAttribute("host_routes", "Invalid data format for hostroute: '\(PythonRepr.str(route))'.")
            }
            result.append(["destination": .string(cidr.cidr), "nexthop": .string(hop.description)])
        }
        return result
    }

    static func update(_ subnet: inout NeutronSubnet, with body: NeutronBody) throws(ServiceError) {
        if let name = try body.string("name") { subnet.name = name }
        if let description = try body.string("description") { subnet.standard.description = description }
        if let flag = try body.bool("enable_dhcp") { subnet.enableDHCP = flag }
        if let servers = try nameservers(body) { subnet.dnsNameservers = servers }
        if let routes = try hostRoutes(body) { subnet.hostRoutes = routes }
        if let types = try body.stringList("service_types") { subnet.serviceTypes = types }
        if let gateway = try body.nullableString("gateway_ip") {
            subnet.gateway = try NetworkState.gateway(gateway.map { .address($0) } ?? .none, in: subnet.cidr)
            subnet.lowestFreeBound = nil
        }
        if let given = try pools(body) {
            subnet.pools = try NetworkState.validatePools(given, in: subnet.cidr)
            subnet.lowestFreeBound = nil
        }
        if let gateway = subnet.gateway, let pool = subnet.pools.first(where: { $0.contains(gateway) }) {
            throw ServiceError.conflict(
                "Gateway ip \(gateway) conflicts with allocation pool \(pool.start)-\(pool.end).", kind: "GatewayConflictWithAllocationPools")
        }
    }
}
