/// What Nova asks of Neutron, inside the same `withState` access as its own change (the
/// cross-service contract of phase 2). Errors are Neutron's (`NetworkNotFound`,
/// `IpAddressGenerationFailure`, …); Nova words them its own way.
extension NetworkState {
    /// The host Nova's ports are bound to unless the caller names one.
    public static let defaultComputeHost = "stackrun-emulator"

    /// Creates a port for a server on `networkID` (a fixed IP from the network's first subnet
    /// with room, or `fixedIP`; a MAC; the project's default group unless `securityGroupIDs`),
    /// bound and ACTIVE. The port is Nova's: `releasePorts` deletes it with the server.
    /// Non-admins may only use their own networks and shared ones, as Neutron's policy says.
    public func createPort(
        networkID: String, projectID: String, deviceID: String, deviceOwner: String, fixedIP: String?,
        securityGroupIDs: [String]?, isAdmin: Bool = false, hostID: String = defaultComputeHost
    ) throws -> EmulatorJSON {
        guard let network = networks[networkID] else { throw NeutronError.networkNotFound(networkID) }
        if !isAdmin && network.projectID != projectID && !network.shared {
            throw NeutronError.tenantNotAllowed(projectID, "port")
        }
        var request = PortRequest(networkID: networkID, projectID: projectID, deviceID: deviceID, deviceOwner: deviceOwner)
        if let fixedIP {
            guard let address = IPAddress.parse(fixedIP) else {
                throw NeutronError.invalidAttribute("fixed_ips", "'\(fixedIP)' is not a valid IP address.")
            }
            request.fixedIPs = [PortRequest.RequestedIP(address: address)]
        }
        request.securityGroups = try securityGroupIDs.map { ids throws(ServiceError) in
            try ids.map { id throws(ServiceError) in
                guard let resolved = securityGroupID(nameOrID: id, projectID: projectID) else { throw NeutronError.securityGroupNotFound(id) }
                return resolved
            }
        }
        request.hostID = hostID
        request.createdForDevice = true
        request.faultable = true
        return .object(render(try createPort(request), admin: true))
    }

    /// A port as an admin sees it, or nil.
    public func port(id: String) -> EmulatorJSON? {
        ports[id].map { .object(render($0, admin: true)) }
    }

    /// A network as an admin sees it, or nil.
    public func network(id: String) -> EmulatorJSON? {
        networks[id].map { .object(render($0, admin: true)) }
    }

    /// The networks a server of the project may use without naming one: its own and shared ones
    /// (Nova's "available networks"), by id.
    public func networksAvailable(projectID: String) -> [String] {
        networks.values.filter { $0.projectID == projectID || $0.shared }.map(\.id).sorted()
    }

    /// Gives a user's port to a server (`server create` with `port`): 409 `PortInUse` when
    /// another device has it.
    public func bindPort(id: String, deviceID: String, deviceOwner: String, hostID: String = defaultComputeHost) throws {
        guard var port = ports[id] else { throw NeutronError.portNotFound(id) }
        if !port.deviceID.isEmpty && port.deviceID != deviceID {
            throw ServiceError.conflict(
                "Unable to complete operation on port \(id) for network \(port.networkID). Port already has an attached device \(port.deviceID).",
                kind: "PortInUse")
        }
        port.deviceID = deviceID
        port.deviceOwner = deviceOwner
        port.hostID = hostID
        if port.status != "ERROR" { port.status = "ACTIVE" }
        port.standard.touch(now)
        store(port)
    }

    /// A server is gone: its floating IPs are disassociated, the ports Nova created are deleted,
    /// and users' ports are unbound (kept, free for another server).
    public func releasePorts(deviceID: String) {
        for port in ports(ofDevice: deviceID) {
            if port.createdForDevice {
                deletePort(port.id)
                continue
            }
            for fip in floatingIPs.values where fip.portID == port.id { disassociate(fip.id) }
            var unbound = port
            unbound.deviceID = ""
            unbound.deviceOwner = ""
            unbound.hostID = ""
            unbound.status = "DOWN"
            unbound.standard.touch(now)
            store(unbound)
        }
    }

    /// Nova's `addresses`: per network name, each port's fixed IPs, then the floating IPs
    /// associated with them, in port order.
    public func serverAddresses(deviceID: String) -> EmulatorJSON {
        var addresses = EmulatorJSONObject()
        for port in ports(ofDevice: deviceID) {
            guard let name = networks[port.networkID]?.name else { continue }
            var entries = addresses[name]?.arrayValue ?? []
            for fixed in port.fixedIPs {
                entries.append(Self.address(fixed.address, type: "fixed", mac: port.macAddress))
                let floating = floatingIPs.values.filter { $0.portID == port.id && $0.fixedAddress == fixed.address }
                for fip in floating.sorted(by: { $0.id < $1.id }) {
                    entries.append(Self.address(fip.address, type: "floating", mac: port.macAddress))
                }
            }
            addresses[name] = .array(entries)
        }
        return .object(addresses)
    }

    private static func address(_ address: IPAddress, type: String, mac: String) -> EmulatorJSON {
        ["version": .int(address.version), "addr": .string(address.description), "OS-EXT-IPS:type": .string(type), "OS-EXT-IPS-MAC:mac_addr": .string(mac)]
    }

    /// The group Nova's `security_groups: [{"name": …}]` means: an id the project may use, else
    /// the project's group of that name (its default group made first if need be; the oldest
    /// of equal names).
    public func securityGroupID(nameOrID: String, projectID: String) -> String? {
        if let group = securityGroups[nameOrID], group.projectID == projectID { return group.id }
        if nameOrID == "default" { return ensureDefaultSecurityGroup(projectID: projectID) }
        return securityGroups.values.filter { $0.projectID == projectID && $0.name == nameOrID }
            .min { ($0.standard.attributeID) < ($1.standard.attributeID) }?.id
    }

    /// The names of the groups on a server's ports, once each, as Nova lists `security_groups`.
    public func serverSecurityGroupNames(deviceID: String) -> [String] {
        var names: [String] = []
        for port in ports(ofDevice: deviceID) {
            for id in port.securityGroups {
                if let name = securityGroups[id]?.name, !names.contains(name) { names.append(name) }
            }
        }
        return names
    }
}
