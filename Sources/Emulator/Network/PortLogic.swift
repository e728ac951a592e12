/// What a port create asks for: from `POST /ports`, from Nova through `createPort(…)`, and from
/// the router and floating IP code for the ports Neutron makes itself.
struct PortRequest {
    struct RequestedIP {
        var subnetID: String?
        var address: IPAddress?
    }

    var id = Identifiers.uuid()
    var name = ""
    var networkID: String
    var projectID: String
    var deviceID = ""
    var deviceOwner = ""
    /// Nil: one address from the first IPv4 subnet with room and one from the first IPv6 one.
    var fixedIPs: [RequestedIP]?
    var macAddress: String?
    /// Nil: the project's default group (none for Neutron's own `network:*` ports).
    var securityGroups: [String]?
    var portSecurityEnabled: Bool?
    var adminStateUp = true
    var description = ""
    var allowedAddressPairs: [EmulatorJSON] = []
    var extraDHCPOptions: [EmulatorJSON] = []
    var vnicType = "normal"
    var hostID = ""
    var bindingProfile: EmulatorJSONObject = [:]
    var tags: [String] = []
    var createdForDevice = false
    /// Whether the port may go to ERROR under a `resource_errors` fault (user and Nova ports).
    var faultable = false
}

extension NetworkState {
    /// Creates a port: addresses, MAC and security groups as Neutron assigns them.
    func createPort(_ request: PortRequest) throws(ServiceError) -> NeutronPort {
        guard let network = networks[request.networkID] else { throw NeutronError.networkNotFound(request.networkID) }
        try checkQuota("port", projectID: request.projectID)
        let fixedIPs = try assignAddresses(request.fixedIPs, network: network)
        let mac = try macAddress(request.macAddress, networkID: network.id)
        let ownedByNeutron = request.deviceOwner.hasPrefix("network:")
        let portSecurity = request.portSecurityEnabled ?? (ownedByNeutron ? false : network.portSecurityEnabled)
        var groups: [String] = []
        if let requested = request.securityGroups {
            for id in requested {
                guard let group = securityGroups[id], group.projectID == request.projectID || request.projectID.isEmpty else {
                    throw NeutronError.securityGroupNotFound(id)
                }
                if !groups.contains(group.id) { groups.append(group.id) }
            }
        } else if portSecurity && !ownedByNeutron && !request.projectID.isEmpty {
            groups = [ensureDefaultSecurityGroup(projectID: request.projectID)]
        }
        if !portSecurity && !groups.isEmpty {
            throw ServiceError.badRequest(
                "Port security must be enabled and port must have an IP address in order to use security groups.",
                kind: "PortSecurityAndIPRequiredForSecurityGroups")
        }
        var standard = standardAttributes(description: request.description, revision: 1)
        standard.tags = request.tags.sorted()
        var port = NeutronPort(id: request.id, name: request.name, networkID: network.id, projectID: request.projectID, macAddress: mac, standard: standard)
        port.adminStateUp = request.adminStateUp
        port.deviceID = request.deviceID
        port.deviceOwner = request.deviceOwner
        port.fixedIPs = fixedIPs
        port.allowedAddressPairs = request.allowedAddressPairs
        port.extraDHCPOptions = request.extraDHCPOptions
        port.securityGroups = groups
        port.vnicType = request.vnicType
        port.hostID = request.hostID
        port.bindingProfile = request.bindingProfile
        port.portSecurityEnabled = portSecurity
        port.createdForDevice = request.createdForDevice
        port.status = port.isBound ? "ACTIVE" : "DOWN"
        if request.faultable && cloud.faults.resourceShouldFail(kind: "port") { port.status = "ERROR" }
        store(port)
        return port
    }

    /// Resolves the requested addresses (or picks them) on `network`.
    func assignAddresses(_ requested: [PortRequest.RequestedIP]?, network: NeutronNetwork, keeping current: [FixedIP] = [])
        throws(ServiceError) -> [FixedIP]
    {
        let onNetwork = network.subnetIDs.compactMap { subnets[$0] }
        guard let requested else {
            var assigned: [FixedIP] = []
            for version in [4, 6] {
                let candidates = onNetwork.filter { $0.ipVersion == version }
                guard !candidates.isEmpty else { continue }
                guard let (subnet, address) = candidates.lazy.compactMap({ subnet in self.freeAddress(in: subnet).map { (subnet, $0) } }).first
                else { throw NeutronError.noMoreAddresses(network.id) }
                assigned.append(FixedIP(subnetID: subnet.id, address: address))
            }
            return assigned
        }
        var assigned: [FixedIP] = []
        var taken: Set<IPAddress> = []
        for item in requested {
            var subnet: NeutronSubnet
            if let subnetID = item.subnetID {
                guard let found = subnets[subnetID], found.networkID == network.id else { throw NeutronError.subnetNotFound(subnetID) }
                subnet = found
                if let address = item.address, !subnet.cidr.contains(address) {
                    throw ServiceError.badRequest("IP address \(address) is not a valid IP for the specified subnet.", kind: "InvalidIpForSubnet")
                }
            } else if let address = item.address {
                guard let found = onNetwork.first(where: { $0.cidr.contains(address) }) else {
                    throw ServiceError.badRequest(
                        "IP address \(address) is not a valid IP for any of the subnets on the specified network.", kind: "InvalidIpForNetwork")
                }
                subnet = found
            } else {
                throw NeutronError.invalidInput("Invalid fixed_ips: neither subnet_id nor ip_address given.")
            }
            let released = current.filter { $0.subnetID == subnet.id }.map(\.address)
            if !released.isEmpty {
                subnet.allocated.subtract(released)
                subnet.lowestFreeBound = nil
            }
            subnet.allocated.formUnion(taken)
            let address: IPAddress
            if let wanted = item.address {
                guard !subnet.allocated.contains(wanted) else { throw NeutronError.addressInUse(wanted, subnetID: subnet.id) }
                address = wanted
            } else {
                guard let free = freeAddress(in: subnet) else { throw NeutronError.noMoreAddresses(network.id) }
                address = free
            }
            taken.insert(address)
            assigned.append(FixedIP(subnetID: subnet.id, address: address))
        }
        return assigned
    }

    /// A given MAC checked and normalized, or a new one with OpenStack's `fa:16:3e` prefix.
    func macAddress(_ given: String?, networkID: String) throws(ServiceError) -> String {
        let inUse = macsByNetwork[networkID] ?? []
        if let given {
            let parts = given.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
            guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else {
                throw NeutronError.invalidAttribute("mac_address", "'\(given)' is not a valid MAC address.")
            }
            let normalized = parts.map { $0.lowercased() }.joined(separator: ":")
            guard !inUse.contains(normalized) else {
                throw ServiceError.conflict(
                    "Unable to complete operation for network \(networkID). The mac address \(normalized) is in use.", kind: "MacAddressInUse")
            }
            return normalized
        }
        var generator = SystemRandomNumberGenerator()
        while true {
            let tail = (0..<3).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded(to: 2) }
            let mac = "fa:16:3e:" + tail.joined(separator: ":")
            if !inUse.contains(mac) { return mac }
        }
    }

    /// Deletes a port, first taking floating IPs off it.
    func deletePort(_ id: String) {
        for fip in floatingIPs.values where fip.portID == id { disassociate(fip.id) }
        removePort(id)
    }
}
