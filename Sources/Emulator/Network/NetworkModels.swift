import Foundation

/// What every Neutron resource carries: description, tags, timestamps, revision number, and the
/// standard-attribute id that security group rules show inside their group.
struct StandardAttributes: Sendable {
    var description: String
    var tags: [String] = []
    let createdAt: Date
    var updatedAt: Date
    var revision: Int
    let attributeID: Int

    /// Records a change: a new revision, stamped `now`.
    mutating func touch(_ now: Date) {
        revision += 1
        updatedAt = now
    }
}

struct NeutronNetwork: Sendable {
    let id: String
    var name: String
    let projectID: String
    var adminStateUp = true
    var shared = false
    var external = false
    var mtu: Int
    var portSecurityEnabled = true
    var isDefault = false
    var networkType: String
    var physicalNetwork: String?
    var segmentationID: Int?
    var availabilityZoneHints: [String] = []
    /// In creation order, as Neutron lists them.
    var subnetIDs: [String] = []
    var standard: StandardAttributes
}

struct AllocationPool: Sendable, Equatable {
    var start: IPAddress
    var end: IPAddress

    func contains(_ ip: IPAddress) -> Bool { ip >= start && ip <= end }
}

struct NeutronSubnet: Sendable {
    let id: String
    var name: String
    let projectID: String
    let networkID: String
    let cidr: IPNetwork
    var gateway: IPAddress?
    var pools: [AllocationPool]
    var enableDHCP: Bool
    var dnsNameservers: [String] = []
    var hostRoutes: [EmulatorJSON] = []
    var ipv6RAMode: String?
    var ipv6AddressMode: String?
    var serviceTypes: [String] = []
    var standard: StandardAttributes
    /// Addresses taken by ports on this subnet; change them through `take` and `release`.
    var allocated: Set<IPAddress> = []
    /// No pool address below this one is free (nil: the first pool's start). The search for a
    /// free address starts here, so that allocating many ports in a row stays linear.
    var lowestFreeBound: IPAddress?

    mutating func take(_ address: IPAddress) {
        allocated.insert(address)
        guard var bound = lowestFreeBound ?? pools.first?.start, address == bound else { return }
        while allocated.contains(bound) || bound == gateway, let next = poolAddress(after: bound) {
            bound = next
        }
        lowestFreeBound = bound
    }

    mutating func release(_ address: IPAddress) {
        allocated.remove(address)
        if let bound = lowestFreeBound, address < bound { lowestFreeBound = address }
    }

    /// The next address of the pools after `address`, nil past the last pool.
    func poolAddress(after address: IPAddress) -> IPAddress? {
        for pool in pools where pool.end > address {
            return address < pool.start ? pool.start : address.advanced(by: 1)
        }
        return nil
    }

    var ipVersion: Int { cidr.version }
}

struct FixedIP: Sendable, Equatable {
    let subnetID: String
    let address: IPAddress
}

struct NeutronPort: Sendable {
    let id: String
    var name: String
    let networkID: String
    /// Empty for ports Neutron owns itself (router gateways, floating IPs), as Neutron shows them.
    let projectID: String
    var macAddress: String
    var adminStateUp = true
    var status = "DOWN"
    var deviceID = ""
    var deviceOwner = ""
    var fixedIPs: [FixedIP] = []
    var allowedAddressPairs: [EmulatorJSON] = []
    var extraDHCPOptions: [EmulatorJSON] = []
    var securityGroups: [String] = []
    var vnicType = "normal"
    var bindingProfile: EmulatorJSONObject = [:]
    var hostID = ""
    var portSecurityEnabled = true
    var standard: StandardAttributes
    /// Created by Nova for a server (deleted with it), as opposed to a user's port given to Nova.
    var createdForDevice = false

    var isBound: Bool { !hostID.isEmpty }
    var vifType: String { isBound ? "ovs" : "unbound" }
    var vifDetails: EmulatorJSONObject { isBound ? ["port_filter": true, "ovs_hybrid_plug": false] : [:] }
}

struct RouterGateway: Sendable {
    let networkID: String
    var enableSNAT: Bool
    let portID: String
}

struct NeutronRouter: Sendable {
    let id: String
    var name: String
    let projectID: String
    var adminStateUp = true
    var status = "ACTIVE"
    var gateway: RouterGateway?
    var routes: [EmulatorJSON] = []
    var distributed = false
    var ha = false
    var availabilityZoneHints: [String] = []
    var standard: StandardAttributes
}

struct NeutronFloatingIP: Sendable {
    let id: String
    let projectID: String
    let address: IPAddress
    let networkID: String
    let subnetID: String
    /// Neutron's own port holding the address on the external network.
    let ownPortID: String
    var portID: String?
    var fixedAddress: IPAddress?
    var routerID: String?
    var status = "DOWN"
    var standard: StandardAttributes
}

struct NeutronSecurityGroup: Sendable {
    let id: String
    var name: String
    let projectID: String
    var stateful = true
    /// In creation order.
    var ruleIDs: [String] = []
    var standard: StandardAttributes
}

struct NeutronSecurityGroupRule: Sendable {
    let id: String
    let projectID: String
    let groupID: String
    let ethertype: String
    let direction: String
    let protocolName: String?
    let portRangeMin: Int?
    let portRangeMax: Int?
    /// As given (`10.0.0.1/8`); `normalized_cidr` is its network.
    let remoteIPPrefix: IPNetwork?
    let remoteGroupID: String?
    /// Null for the rules Neutron adds itself, "" by default for those a user adds.
    let ruleDescription: String?
    var standard: StandardAttributes
}
