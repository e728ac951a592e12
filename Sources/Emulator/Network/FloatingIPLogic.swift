/// What a floating IP create asks for.
struct FloatingIPRequest {
    var networkID: String
    var projectID: String
    var subnetID: String?
    var address: IPAddress?
    var portID: String?
    var fixedAddress: IPAddress?
    var description = ""
}

extension NetworkState {
    static let floatingIPOwner = "network:floatingip"

    /// Allocates an IPv4 address of an external network (as a port Neutron owns), and associates
    /// it when a port is given.
    func createFloatingIP(_ request: FloatingIPRequest) throws(ServiceError) -> NeutronFloatingIP {
        guard let network = networks[request.networkID] else { throw NeutronError.networkNotFound(request.networkID) }
        guard network.external else {
            throw NeutronError.badRequest("floatingip", "Network \(request.networkID) is not a valid external network.")
        }
        try checkQuota("floatingip", projectID: request.projectID)
        let id = Identifiers.uuid()
        var requested: PortRequest.RequestedIP
        if request.subnetID != nil || request.address != nil {
            requested = PortRequest.RequestedIP(subnetID: request.subnetID, address: request.address)
        } else {
            let candidates = network.subnetIDs.compactMap { subnets[$0] }.filter { $0.ipVersion == 4 }
            guard let subnet = candidates.first(where: { freeAddress(in: $0) != nil }) else { throw NeutronError.noMoreAddresses(network.id) }
            requested = PortRequest.RequestedIP(subnetID: subnet.id)
        }
        var portRequest = PortRequest(networkID: network.id, projectID: "", deviceID: id, deviceOwner: Self.floatingIPOwner)
        portRequest.fixedIPs = [requested]
        let port = try createPort(portRequest)
        guard let fixed = port.fixedIPs.first else { throw NeutronError.noMoreAddresses(network.id) }
        let standard = standardAttributes(description: request.description)
        let fip = NeutronFloatingIP(
            id: id, projectID: request.projectID, address: fixed.address, networkID: network.id, subnetID: fixed.subnetID,
            ownPortID: port.id, standard: standard)
        floatingIPs[id] = fip
        if let portID = request.portID {
            do {
                try associate(id, portID: portID, fixedAddress: request.fixedAddress, touching: false)
            } catch {
                floatingIPs[id] = nil
                removePort(port.id)
                throw error
            }
        }
        return floatingIPs[id] ?? fip
    }

    /// Points the floating IP at a port's fixed address, through a router that has a gateway on
    /// the floating IP's network and an interface on the port's subnet.
    func associate(_ id: String, portID: String, fixedAddress: IPAddress?, touching: Bool = true) throws(ServiceError) {
        guard var fip = floatingIPs[id] else { throw NeutronError.floatingIPNotFound(id) }
        guard let port = ports[portID], port.projectID == fip.projectID || fip.projectID.isEmpty else {
            throw NeutronError.portNotFound(portID)
        }
        let fixed: FixedIP
        if let fixedAddress {
            guard let found = port.fixedIPs.first(where: { $0.address == fixedAddress }) else {
                throw NeutronError.badRequest("floatingip", "Port \(portID) does not have fixed ip \(fixedAddress).")
            }
            fixed = found
        } else {
            guard let found = port.fixedIPs.first(where: { $0.address.version == 4 }) else {
                throw NeutronError.badRequest("floatingip", "No IPv4 addresses found on port \(portID).")
            }
            fixed = found
        }
        if let other = floatingIPs.values.first(where: {
            $0.id != id && $0.portID == portID && $0.fixedAddress == fixed.address && $0.networkID == fip.networkID
        }) {
            throw ServiceError.conflict(
                "Cannot associate floating IP \(other.address) (\(id)) with port \(portID) using fixed IP \(fixed.address), as that fixed IP already has a floating IP on external network \(fip.networkID).",
                kind: "FloatingIPPortAlreadyAssociated")
        }
        let router = routers.values.sorted { $0.id < $1.id }.first { router in
            router.gateway?.networkID == fip.networkID
                && interfacePorts(of: router.id).contains { $0.fixedIPs.contains { $0.subnetID == fixed.subnetID } }
        }
        guard let router else {
            throw ServiceError.notFound(
                "External network \(fip.networkID) is not reachable from subnet \(fixed.subnetID).  Therefore, cannot associate Port \(portID) with a Floating IP.",
                kind: "ExternalGatewayForFloatingIPNotFound")
        }
        fip.portID = portID
        fip.fixedAddress = fixed.address
        fip.routerID = router.id
        fip.status = "ACTIVE"
        if touching { fip.standard.touch(now) }
        floatingIPs[id] = fip
    }

    func disassociate(_ id: String) {
        guard var fip = floatingIPs[id], fip.portID != nil else { return }
        fip.portID = nil
        fip.fixedAddress = nil
        fip.routerID = nil
        fip.status = "DOWN"
        fip.standard.touch(now)
        floatingIPs[id] = fip
    }

    func deleteFloatingIP(_ id: String) throws(ServiceError) {
        guard let fip = floatingIPs.removeValue(forKey: id) else { throw NeutronError.floatingIPNotFound(id) }
        removePort(fip.ownPortID)
    }
}
