/// The `network` section of the config file:
///
/// ```json
/// "network": {
///   "external_network": {"name": "public", "subnet_name": "public-subnet", "cidr": "172.24.4.0/24",
///                        "gateway_ip": "172.24.4.1", "shared": true},
///   "tenant_network_mtu": 1450,
///   "quotas": {"network": 100, "port": 500, "router": 10}
/// }
/// ```
///
/// `"external_network": false` seeds no external network.
struct NetworkSettings: Sendable {
    struct ExternalNetwork: Sendable {
        var name = "public"
        var subnetName = "public-subnet"
        var cidr = "172.24.4.0/24"
        /// Nil: the subnet's first address.
        var gateway: String?
        var shared = true
    }

    var externalNetwork: ExternalNetwork? = ExternalNetwork()
    /// MTU of networks projects create (VXLAN under a 1500-byte underlay, as devstack's).
    var tenantNetworkMTU = 1450
    /// Neutron's default quotas, in the order its quota API lists them.
    var defaultQuotas: [(resource: String, limit: Int)] = [
        ("network", 100), ("subnet", 100), ("subnetpool", -1), ("port", 500), ("router", 10),
        ("floatingip", 50), ("rbac_policy", 10), ("security_group", 10), ("security_group_rule", 100),
    ]

    init() {}

    init(section: EmulatorJSONObject?) throws(EmulatorConfigError) {
        guard let section else { return }
        var reader = try ConfigReader(.object(section), path: "network")
        if let value = reader.value("external_network") {
            if value == .bool(false) {
                externalNetwork = nil
            } else {
                var external = try ConfigReader(value, path: "network.external_network")
                var seed = ExternalNetwork()
                if let name = try external.string("name") { seed.name = name }
                if let name = try external.string("subnet_name") { seed.subnetName = name }
                if let cidr = try external.string("cidr") {
                    guard IPNetwork.parse(cidr) != nil, cidr.contains("/") else {
                        throw EmulatorConfigError(path: "network.external_network.cidr", reason: "\(cidr) is not a CIDR")
                    }
                    seed.cidr = cidr
                }
                seed.gateway = try external.string("gateway_ip")
                if let shared = external.value("shared") {
                    guard let flag = shared.boolValue else {
                        throw EmulatorConfigError(path: "network.external_network.shared", reason: "expected a boolean, got \(shared.typeName)")
                    }
                    seed.shared = flag
                }
                try external.finish()
                externalNetwork = seed
            }
        }
        if let mtu = try reader.integer("tenant_network_mtu", atLeast: 68) { tenantNetworkMTU = mtu }
        if var quotas = try reader.object("quotas") {
            for index in defaultQuotas.indices {
                if let limit = try quotas.integer(defaultQuotas[index].resource, atLeast: -1) { defaultQuotas[index].limit = limit }
            }
            try quotas.finish()
        }
        try reader.finish()
    }

    func defaultQuota(_ resource: String) -> Int {
        defaultQuotas.first { $0.resource == resource }?.limit ?? -1
    }
}
