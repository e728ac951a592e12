import Foundation

/// Neutron's part of the cloud: networks, subnets, ports, routers, floating IPs, security groups
/// and quotas. Seeded with the external network `public` (owned by the admin project, with a
/// subnet) and a default security group for every seeded project.
public final class NetworkState: ServiceState {
    var networks: [String: NeutronNetwork] = [:]
    var subnets: [String: NeutronSubnet] = [:]
    var ports: [String: NeutronPort] = [:]
    var routers: [String: NeutronRouter] = [:]
    var floatingIPs: [String: NeutronFloatingIP] = [:]
    var securityGroups: [String: NeutronSecurityGroup] = [:]
    var securityGroupRules: [String: NeutronSecurityGroupRule] = [:]
    /// Port ids per network and per device, in creation order (Neutron lists ports in use so).
    private(set) var portsByNetwork: [String: [String]] = [:]
    private(set) var portsByDevice: [String: [String]] = [:]
    /// MAC addresses in use per network (unique within one, as Neutron requires).
    private(set) var macsByNetwork: [String: Set<String>] = [:]
    /// Project id -> resource -> limit, where set by `PUT /quotas/{project_id}`.
    var quotaOverrides: [String: [String: Int]] = [:]
    let settings: NetworkSettings
    private var nextAttributeID = 1
    private var nextSegmentationID = 1
    /// The cloud this is part of (it owns this state, so never outlived): its time and faults.
    unowned let cloud: CloudState

    /// The time of the access in progress.
    var now: Date { cloud.now }

    init(seededIn cloud: CloudState) throws {
        self.cloud = cloud
        settings = try NetworkSettings(section: cloud.config.serviceSections["network"])
        let identity = cloud.identity
        let projects = identity.projectOrder.compactMap { identity.projects[$0] }
        for project in projects { ensureDefaultSecurityGroup(projectID: project.id, stableIDs: true) }
        if let external = settings.externalNetwork {
            let owner = projects.first { $0.name == "admin" } ?? projects.first
            try seedExternalNetwork(external, projectID: owner?.id ?? "")
        }
    }

    public var resourceCounts: [String: Int] {
        [
            "network": networks.count, "subnet": subnets.count, "port": ports.count, "router": routers.count,
            "floatingip": floatingIPs.count, "security_group": securityGroups.count,
            "security_group_rule": securityGroupRules.count,
        ]
    }

    /// Fresh standard attributes; Neutron numbers them across all resources.
    func standardAttributes(description: String = "", revision: Int = 0) -> StandardAttributes {
        defer { nextAttributeID += 1 }
        return StandardAttributes(description: description, createdAt: now, updatedAt: now, revision: revision, attributeID: nextAttributeID)
    }

    /// The segmentation id of a new tenant (VXLAN) network.
    func allocateSegmentationID() -> Int {
        defer { nextSegmentationID += 1 }
        return nextSegmentationID
    }

    // MARK: Ports and their indices

    /// Stores a port, keeping the per-network and per-device indices and the subnets' allocations.
    func store(_ port: NeutronPort) {
        if let old = ports[port.id] {
            unindex(old)
        } else {
            portsByNetwork[port.networkID, default: []].append(port.id)
        }
        ports[port.id] = port
        macsByNetwork[port.networkID, default: []].insert(port.macAddress)
        if !port.deviceID.isEmpty { portsByDevice[port.deviceID, default: []].append(port.id) }
        for fixed in port.fixedIPs { subnets[fixed.subnetID]?.take(fixed.address) }
    }

    /// Removes a port and releases its addresses (floating IPs on it are the caller's business).
    func removePort(_ id: String) {
        guard let port = ports.removeValue(forKey: id) else { return }
        unindex(port)
        portsByNetwork[port.networkID]?.removeAll { $0 == id }
        if portsByNetwork[port.networkID]?.isEmpty == true {
            portsByNetwork[port.networkID] = nil
            macsByNetwork[port.networkID] = nil
        }
    }

    private func unindex(_ port: NeutronPort) {
        macsByNetwork[port.networkID]?.remove(port.macAddress)
        if !port.deviceID.isEmpty {
            portsByDevice[port.deviceID]?.removeAll { $0 == port.id }
            if portsByDevice[port.deviceID]?.isEmpty == true { portsByDevice[port.deviceID] = nil }
        }
        for fixed in port.fixedIPs { subnets[fixed.subnetID]?.release(fixed.address) }
    }

    func ports(onNetwork networkID: String) -> [NeutronPort] {
        (portsByNetwork[networkID] ?? []).compactMap { ports[$0] }
    }

    func ports(ofDevice deviceID: String) -> [NeutronPort] {
        (portsByDevice[deviceID] ?? []).compactMap { ports[$0] }
    }

    // MARK: Seeding

    private func seedExternalNetwork(_ seed: NetworkSettings.ExternalNetwork, projectID: String) throws {
        let networkID = Identifiers.stableUUID("network:" + seed.name)
        var network = NeutronNetwork(
            id: networkID, name: seed.name, projectID: projectID, mtu: 1500, networkType: "flat",
            physicalNetwork: seed.name, standard: standardAttributes(revision: 1))
        network.shared = seed.shared
        network.external = true
        networks[networkID] = network
        let request = SubnetRequest(
            id: Identifiers.stableUUID("subnet:" + seed.subnetName), name: seed.subnetName, projectID: projectID,
            networkID: networkID, cidr: seed.cidr, ipVersion: nil, gateway: seed.gateway.map { .address($0) } ?? .automatic,
            pools: nil, enableDHCP: false, dnsNameservers: [], hostRoutes: [], ipv6RAMode: nil, ipv6AddressMode: nil,
            description: "", serviceTypes: [])
        do {
            _ = try createSubnet(request)
        } catch {
            throw EmulatorConfigError(path: "network.external_network", reason: error.message)
        }
    }
}

extension CloudState {
    /// Neutron's part of the cloud.
    public var network: NetworkState { self[NetworkState.self] }
}
