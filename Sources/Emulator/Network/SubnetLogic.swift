/// What a subnet create asks for, after the body's attributes passed their validators.
struct SubnetRequest {
    enum Gateway {
        /// The subnet's first address (IPv4) or its network address (IPv6), as Neutron picks it.
        case automatic
        case none
        case address(String)
    }

    var id = Identifiers.uuid()
    var name = ""
    var projectID: String
    var networkID: String
    var cidr: String
    /// Nil: whatever the CIDR is.
    var ipVersion: Int?
    var gateway: Gateway = .automatic
    var pools: [(start: IPAddress, end: IPAddress, given: EmulatorJSON)]?
    var enableDHCP = true
    var dnsNameservers: [String] = []
    var hostRoutes: [EmulatorJSON] = []
    var ipv6RAMode: String?
    var ipv6AddressMode: String?
    var description = ""
    var serviceTypes: [String] = []
}

extension NetworkState {
    /// Creates a subnet: CIDR, gateway and allocation pools checked as Neutron checks them.
    func createSubnet(_ request: SubnetRequest) throws(ServiceError) -> NeutronSubnet {
        guard var network = networks[request.networkID] else { throw NeutronError.networkNotFound(request.networkID) }
        guard let cidr = IPNetwork.parse(request.cidr) else { throw NeutronError.invalidInput("\(request.cidr) is not in a CIDR format.") }
        if let version = request.ipVersion, version != cidr.version {
            throw NeutronError.invalidInput("cidr '\(request.cidr)' does not match the ip_version '\(version)'.")
        }
        if request.enableDHCP && cidr.prefix >= (cidr.version == 4 ? 31 : 127) {
            throw NeutronError.invalidInput("Subnet has a prefix length that is incompatible with DHCP service enabled.")
        }
        let gateway = try Self.gateway(request.gateway, in: cidr)
        for other in network.subnetIDs.compactMap({ subnets[$0] }) where other.cidr.overlaps(cidr) {
            throw NeutronError.invalidInput(
                "Requested subnet with cidr: \(cidr.cidr) for network: \(network.id) overlaps with another subnet.")
        }
        let pools = try request.pools.map { given throws(ServiceError) in try Self.validatePools(given, in: cidr) }
            ?? Self.defaultPools(cidr, excluding: gateway)
        if let gateway, let pool = pools.first(where: { $0.contains(gateway) }), request.pools != nil {
            throw ServiceError.conflict(
                "Gateway ip \(gateway) conflicts with allocation pool \(pool.start)-\(pool.end).", kind: "GatewayConflictWithAllocationPools")
        }
        try checkQuota("subnet", projectID: request.projectID)
        let standard = standardAttributes(description: request.description)
        let subnet = NeutronSubnet(
            id: request.id, name: request.name, projectID: request.projectID, networkID: network.id, cidr: cidr,
            gateway: gateway, pools: pools, enableDHCP: request.enableDHCP, dnsNameservers: request.dnsNameservers,
            hostRoutes: request.hostRoutes, ipv6RAMode: request.ipv6RAMode, ipv6AddressMode: request.ipv6AddressMode,
            serviceTypes: request.serviceTypes, standard: standard)
        subnets[subnet.id] = subnet
        network.subnetIDs.append(subnet.id)
        network.standard.touch(now)
        networks[network.id] = network
        return subnet
    }

    static func gateway(_ choice: SubnetRequest.Gateway, in cidr: IPNetwork) throws(ServiceError) -> IPAddress? {
        switch choice {
        case .none:
            return nil
        case .automatic:
            if cidr.version == 6 { return cidr.first }
            return cidr.prefix >= 31 ? cidr.first : cidr.first.advanced(by: 1)
        case .address(let text):
            guard let address = IPAddress.parse(text) else {
                throw NeutronError.invalidAttribute("gateway_ip", "'\(text)' is not a valid IP address.")
            }
            // Zed accepts a gateway outside the subnet (an on-link router), but not the subnet's
            // own network or broadcast address.
            if cidr.version == 4 && cidr.prefix < 31 && (address == cidr.first || address == cidr.last) {
                throw NeutronError.invalidInput("Gateway is not valid on subnet.")
            }
            return address
        }
    }

    /// The addresses a port may get: all but the network and broadcast addresses (IPv4), all but
    /// the subnet-router anycast address (IPv6).
    static func usableRange(_ cidr: IPNetwork) -> (first: IPAddress, last: IPAddress) {
        if cidr.version == 4 {
            return cidr.prefix >= 31 ? (cidr.first, cidr.last) : (cidr.first.advanced(by: 1), cidr.last.advanced(by: UInt128.max))
        }
        return cidr.prefix == 128 ? (cidr.first, cidr.last) : (cidr.first.advanced(by: 1), cidr.last)
    }

    static func defaultPools(_ cidr: IPNetwork, excluding gateway: IPAddress?) -> [AllocationPool] {
        let range = usableRange(cidr)
        guard let gateway, gateway >= range.first, gateway <= range.last else { return [AllocationPool(start: range.first, end: range.last)] }
        var pools: [AllocationPool] = []
        if gateway > range.first { pools.append(AllocationPool(start: range.first, end: gateway.advanced(by: UInt128.max))) }
        if gateway < range.last { pools.append(AllocationPool(start: gateway.advanced(by: 1), end: range.last)) }
        return pools
    }

    static func validatePools(_ given: [(start: IPAddress, end: IPAddress, given: EmulatorJSON)], in cidr: IPNetwork) throws(ServiceError)
        -> [AllocationPool]
    {
        let range = usableRange(cidr)
        var pools: [AllocationPool] = []
        for pool in given {
            guard pool.start.version == cidr.version, pool.end.version == cidr.version,
                pool.start >= range.first, pool.end <= range.last, pool.start <= range.last, pool.end >= range.first
            else {
                throw ServiceError.badRequest(
                    "The allocation pool \(pool.start)-\(pool.end) spans beyond the subnet cidr \(cidr.cidr).", kind: "OutOfBoundsAllocationPool")
            }
            guard pool.start <= pool.end else {
                throw ServiceError.badRequest("The allocation pool \(PythonRepr.repr(pool.given)) is not valid.", kind: "InvalidAllocationPool")
            }
            pools.append(AllocationPool(start: pool.start, end: pool.end))
        }
        pools.sort { $0.start < $1.start }
        for (earlier, later) in zip(pools, pools.dropFirst()) where later.start <= earlier.end {
            throw ServiceError.conflict(
                "Found overlapping allocation pools: \(earlier.start)-\(earlier.end) \(later.start)-\(later.end) for subnet \(cidr.cidr).",
                kind: "OverlappingAllocationPools")
        }
        return pools
    }

    /// The lowest free address of the subnet's pools. (Neutron picks one at random among the
    /// free ones; the lowest makes runs repeatable.)
    func freeAddress(in subnet: NeutronSubnet) -> IPAddress? {
        let from = subnet.lowestFreeBound ?? subnet.pools.first?.start
        for pool in subnet.pools where from.map({ pool.end >= $0 }) ?? true {
            var candidate = from.map { max($0, pool.start) } ?? pool.start
            while candidate <= pool.end {
                if !subnet.allocated.contains(candidate) && candidate != subnet.gateway { return candidate }
                if candidate == pool.end { break }
                candidate = candidate.advanced(by: 1)
            }
        }
        return nil
    }

    /// Deletes a subnet that no port uses (ports Neutron owns for DHCP would go with it).
    func deleteSubnet(_ id: String) throws(ServiceError) {
        guard let subnet = subnets[id] else { throw NeutronError.subnetNotFound(id) }
        if !subnet.allocated.isEmpty {
            throw ServiceError.conflict(
                "Unable to complete operation on subnet \(id): One or more ports have an IP allocation from this subnet.", kind: "SubnetInUse")
        }
        subnets[id] = nil
        if var network = networks[subnet.networkID] {
            network.subnetIDs.removeAll { $0 == id }
            network.standard.touch(now)
            networks[network.id] = network
        }
    }
}
