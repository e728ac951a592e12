/// Nova's calls into Neutron, Cinder and Glance, made inside the same locked access as the
/// change to the server, so that a server and its ports and attachments always agree. Only the
/// cross-service contract functions of those services are used.
enum ComputeNeighbors {
    /// Neutron's `device_owner` for a server's ports: `compute:<zone>`.
    static func deviceOwner(_ zone: String) -> String { "compute:" + zone }

    // MARK: Glance

    static func image(_ id: String, projectID: String, in cloud: CloudState) -> EmulatorJSON? {
        cloud.image.image(id: id, projectID: projectID)
    }

    // MARK: Neutron

    static func network(_ id: String, in cloud: CloudState) -> EmulatorJSON? {
        cloud.network.network(id: id)
    }

    static func port(_ id: String, in cloud: CloudState) -> EmulatorJSON? {
        cloud.network.port(id: id)
    }

    static func securityGroupID(_ nameOrID: String, projectID: String, in cloud: CloudState) -> String? {
        cloud.network.securityGroupID(nameOrID: nameOrID, projectID: projectID)
    }

    /// Networks a server may be put on without naming one: the project's own and shared ones.
    static func availableNetworks(projectID: String, in cloud: CloudState) -> [String] {
        cloud.network.networksAvailable(projectID: projectID)
    }

    static func createPort(
        networkID: String, server: Server, fixedIP: String?, securityGroupIDs: [String], zone: String, isAdmin: Bool,
        in cloud: CloudState
    ) throws(ServiceError) -> EmulatorJSON {
        do {
            return try cloud.network.createPort(
                networkID: networkID, projectID: server.projectID, deviceID: server.id, deviceOwner: deviceOwner(zone),
                fixedIP: fixedIP, securityGroupIDs: securityGroupIDs, isAdmin: isAdmin, hostID: ComputeState.hostName)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(status: 500, message: "\(error)")
        }
    }

    static func bindPort(_ id: String, server: Server, zone: String, in cloud: CloudState) throws(ServiceError) {
        do {
            try cloud.network.bindPort(id: id, deviceID: server.id, deviceOwner: deviceOwner(zone), hostID: ComputeState.hostName)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(status: 500, message: "\(error)")
        }
    }

    static func releasePorts(of server: Server, in cloud: CloudState) {
        cloud.network.releasePorts(deviceID: server.id)
        server.portIDs = []
    }

    /// Addresses and security groups, for the server's views.
    static func related(_ server: Server, in cloud: CloudState) -> ServerView.Related {
        guard !server.deleted else { return ServerView.Related() }
        var related = ServerView.Related()
        related.addresses = cloud.network.serverAddresses(deviceID: server.id)
        related.securityGroups = cloud.network.serverSecurityGroupNames(deviceID: server.id)
        return related
    }

    /// The fixed addresses of the server's ports, for `?ip=` and the console log.
    static func fixedIPs(of server: Server, in cloud: CloudState) -> [String] {
        guard !server.deleted, let networks = cloud.network.serverAddresses(deviceID: server.id).objectValue else { return [] }
        return networks.members.flatMap { network in
            (network.value.arrayValue ?? []).compactMap { address in
                address["OS-EXT-IPS:type"]?.stringValue == "fixed" ? address["addr"]?.stringValue : nil
            }
        }
    }

    // MARK: Cinder

    static func volume(_ id: String, in cloud: CloudState) -> EmulatorJSON? {
        cloud.blockStorage.volume(id: id)
    }

    static func beginAttachment(_ volumeID: String, server: Server, in cloud: CloudState) throws(ServiceError) -> String {
        try cloud.blockStorage.beginAttachment(volumeID: volumeID, serverID: server.id, projectID: server.projectID)
    }

    static func detach(_ volumeID: String, server: Server, in cloud: CloudState) throws(ServiceError) {
        try cloud.blockStorage.detach(volumeID: volumeID, serverID: server.id)
    }

    static func detachVolumes(of server: Server, in cloud: CloudState) {
        cloud.blockStorage.detachAll(serverID: server.id)
    }
}
