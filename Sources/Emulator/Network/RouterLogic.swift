extension NetworkState {
    /// Ports Neutron makes for a router are ACTIVE, as on a cloud with an L3 agent.
    static let routerInterfaceOwner = "network:router_interface"
    static let routerGatewayOwner = "network:router_gateway"

    func interfacePorts(of routerID: String) -> [NeutronPort] {
        ports(ofDevice: routerID).filter { $0.deviceOwner == Self.routerInterfaceOwner }
    }

    /// Sets (or replaces) the router's gateway on an external network: a port with an address
    /// from it, owned by no project.
    func setGateway(
        routerID: String, networkID: String, enableSNAT: Bool?, fixedIPs: [PortRequest.RequestedIP]?
    ) throws(ServiceError) {
        guard var router = routers[routerID] else { throw NeutronError.routerNotFound(routerID) }
        guard let network = networks[networkID] else { throw NeutronError.networkNotFound(networkID) }
        guard network.external else { throw NeutronError.badRequest("router", "Network \(networkID) is not an external network.") }
        if let current = router.gateway, current.networkID == networkID, fixedIPs == nil {
            router.gateway?.enableSNAT = enableSNAT ?? current.enableSNAT
        } else {
            if router.gateway != nil { try clearGateway(routerID: routerID) }
            var request = PortRequest(networkID: networkID, projectID: "", deviceID: routerID, deviceOwner: Self.routerGatewayOwner)
            request.fixedIPs = fixedIPs
            var port = try createPort(request)
            port.status = "ACTIVE"
            store(port)
            router = routers[routerID] ?? router
            router.gateway = RouterGateway(networkID: networkID, enableSNAT: enableSNAT ?? true, portID: port.id)
        }
        router.standard.touch(now)
        routers[routerID] = router
    }

    func clearGateway(routerID: String) throws(ServiceError) {
        guard var router = routers[routerID], let gateway = router.gateway else { return }
        if floatingIPs.values.contains(where: { $0.routerID == routerID }) {
            throw ServiceError.conflict(
                "Gateway cannot be updated for router \(routerID), since a gateway to external network \(gateway.networkID) is required by one or more floating IPs.",
                kind: "RouterExternalGatewayInUseByFloatingIp")
        }
        removePort(gateway.portID)
        router.gateway = nil
        router.standard.touch(now)
        routers[routerID] = router
    }

    /// `add_router_interface` by subnet (a new port on the subnet's gateway address) or by port.
    func addInterface(routerID: String, subnetID: String?, portID: String?) throws(ServiceError) -> EmulatorJSON {
        guard var router = routers[routerID] else { throw NeutronError.routerNotFound(routerID) }
        let attached = interfacePorts(of: routerID)
        let attachedSubnets = attached.flatMap { $0.fixedIPs.compactMap { self.subnets[$0.subnetID] } }
        var port: NeutronPort
        switch (subnetID, portID) {
        case (.some, .some):
            throw NeutronError.badRequest("router", "Cannot specify both subnet-id and port-id")
        case (nil, nil):
            throw NeutronError.badRequest("router", "Either subnet_id or port_id must be specified.")
        case (let subnetID?, nil):
            guard let subnet = subnets[subnetID] else { throw NeutronError.subnetNotFound(subnetID) }
            if attachedSubnets.contains(where: { $0.id == subnetID }) {
                throw NeutronError.badRequest("router", "Router already has a port on subnet \(subnetID).")
            }
            try checkOverlap(subnet, with: attachedSubnets)
            guard let gateway = subnet.gateway else {
                throw NeutronError.badRequest("router", "Subnet for router interface must have a gateway IP.")
            }
            var request = PortRequest(
                networkID: subnet.networkID, projectID: router.projectID, deviceID: routerID, deviceOwner: Self.routerInterfaceOwner)
            request.fixedIPs = [PortRequest.RequestedIP(subnetID: subnetID, address: gateway)]
            port = try createPort(request)
        case (nil, let portID?):
            guard let found = ports[portID] else { throw NeutronError.portNotFound(portID) }
            if !found.deviceID.isEmpty {
                throw ServiceError.conflict(
                    "Unable to complete operation on port \(portID) for network \(found.networkID). Port already has an attached device \(found.deviceID).",
                    kind: "PortInUse")
            }
            guard !found.fixedIPs.isEmpty else { throw NeutronError.badRequest("router", "Router port must have at least one fixed IP") }
            for subnet in found.fixedIPs.compactMap({ subnets[$0.subnetID] }) { try checkOverlap(subnet, with: attachedSubnets) }
            port = found
            port.deviceID = routerID
            port.deviceOwner = Self.routerInterfaceOwner
            port.standard.touch(now)
        }
        port.status = "ACTIVE"
        store(port)
        router.standard.touch(now)
        routers[routerID] = router
        return interfaceInfo(router, port)
    }

    private func checkOverlap(_ subnet: NeutronSubnet, with attached: [NeutronSubnet]) throws(ServiceError) {
        if let other = attached.first(where: { $0.cidr.overlaps(subnet.cidr) }) {
            throw NeutronError.badRequest(
                "router", "Cidr \(subnet.cidr.cidr) of subnet \(subnet.id) overlaps with cidr \(other.cidr.cidr) of subnet \(other.id)")
        }
    }

    /// `remove_router_interface`: deletes the interface port, unless a floating IP needs it.
    func removeInterface(routerID: String, subnetID: String?, portID: String?) throws(ServiceError) -> EmulatorJSON {
        guard var router = routers[routerID] else { throw NeutronError.routerNotFound(routerID) }
        let attached = interfacePorts(of: routerID)
        let port: NeutronPort
        if let portID {
            guard let found = attached.first(where: { $0.id == portID }) else {
                throw ServiceError.notFound("Router \(routerID) does not have an interface with id \(portID)", kind: "RouterInterfaceNotFound")
            }
            port = found
        } else if let subnetID {
            guard let found = attached.first(where: { $0.fixedIPs.contains { $0.subnetID == subnetID } }) else {
                throw ServiceError.notFound("Router \(routerID) has no interface on subnet \(subnetID)", kind: "RouterInterfaceNotFoundForSubnet")
            }
            port = found
        } else {
            throw NeutronError.badRequest("router", "Either subnet_id or port_id must be specified.")
        }
        for subnetID in port.fixedIPs.map(\.subnetID) where floatingIPs.values.contains(where: { fip in
            fip.routerID == routerID && fip.portID.flatMap { self.ports[$0] }?.fixedIPs.contains { $0.subnetID == subnetID } == true
        }) {
            throw ServiceError.conflict(
                "Router interface for subnet \(subnetID) on router \(routerID) cannot be deleted, as it is required by one or more floating IPs.",
                kind: "RouterInterfaceInUseByFloatingIP")
        }
        removePort(port.id)
        router.standard.touch(now)
        routers[routerID] = router
        return interfaceInfo(router, port)
    }

    private func interfaceInfo(_ router: NeutronRouter, _ port: NeutronPort) -> EmulatorJSON {
        let subnetIDs = port.fixedIPs.map(\.subnetID)
        return [
            "id": .string(router.id), "tenant_id": .string(router.projectID), "port_id": .string(port.id),
            "network_id": .string(port.networkID), "subnet_id": .optional(subnetIDs.first),
            "subnet_ids": .array(subnetIDs.map(EmulatorJSON.string)),
        ]
    }

    func deleteRouter(_ id: String) throws(ServiceError) {
        let attached = interfacePorts(of: id)
        guard attached.isEmpty else {
            throw ServiceError.conflict(
                "Router \(id) has ports still attached: \(attached.map(\.id).joined(separator: ", "))", kind: "RouterInUse")
        }
        try clearGateway(routerID: id)
        routers[id] = nil
    }
}
