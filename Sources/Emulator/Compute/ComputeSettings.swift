/// The `compute` section of the config file: seeded flavors, default quotas, the time actions
/// take and the availability zones servers may ask for.
///
///     "compute": {"flavors": [{"id": "5", "name": "m1.xlarge", "ram": 16384, "disk": 160, "vcpus": 8}],
///                 "quotas": {"instances": 20}, "action_seconds": 0.2, "availability_zones": ["nova"]}
struct ComputeSettings: Sendable {
    var flavors = Flavor.seeded
    var quotas = NovaQuotas.defaults
    /// How long reboot, stop, start, resize and revert stay in their transitional task state.
    /// Nil: half of `build_seconds`.
    var actionSeconds: Double?
    var availabilityZones = ["nova"]

    init() {}

    init(section: EmulatorJSONObject?) throws(EmulatorConfigError) {
        guard let section else { return }
        var reader = try ConfigReader(.object(section), path: "compute")
        if let flavors = try reader.objects("flavors") {
            self.flavors = []
            for var entry in flavors {
                let name = try entry.required(try entry.string("name"), "name")
                var flavor = Flavor(
                    id: try entry.string("id") ?? name, name: name,
                    ram: try entry.required(try entry.integer("ram", atLeast: 1), "ram"),
                    disk: try entry.integer("disk", atLeast: 0) ?? 0,
                    vcpus: try entry.required(try entry.integer("vcpus", atLeast: 1), "vcpus"))
                flavor.swap = try entry.integer("swap", atLeast: 0) ?? 0
                flavor.ephemeral = try entry.integer("ephemeral", atLeast: 0) ?? 0
                flavor.rxtxFactor = try entry.number("rxtx_factor", atLeast: 0) ?? 1
                flavor.isPublic = try Self.flag(&entry, "is_public") ?? true
                flavor.disabled = try Self.flag(&entry, "disabled") ?? false
                flavor.description = try entry.string("description")
                if var specs = try entry.object("extra_specs") {
                    for key in specs.object.keys {
                        flavor.extraSpecs[key] = .string(try specs.required(try specs.string(key), key))
                    }
                    try specs.finish()
                }
                try entry.finish()
                if self.flavors.contains(where: { $0.id == flavor.id || $0.name == flavor.name }) {
                    throw EmulatorConfigError(path: "compute.flavors", reason: "flavor \(flavor.name) (id \(flavor.id)) is listed twice")
                }
                self.flavors.append(flavor)
            }
        }
        if var quotas = try reader.object("quotas") {
            for name in quotas.object.keys {
                guard NovaQuotas.names.contains(name) else { continue }
                if let limit = try quotas.integer(name, atLeast: -1) { self.quotas[name] = limit }
            }
            try quotas.finish()
        }
        actionSeconds = try reader.number("action_seconds", atLeast: 0)
        if let zones = try reader.strings("availability_zones") {
            guard !zones.isEmpty else { throw EmulatorConfigError(path: "compute.availability_zones", reason: "needs at least one zone") }
            availabilityZones = zones
        }
        try reader.finish()
    }

    private static func flag(_ reader: inout ConfigReader, _ key: String) throws(EmulatorConfigError) -> Bool? {
        guard let value = reader.value(key) else { return nil }
        guard let flag = value.boolValue else { throw EmulatorConfigError(path: "compute.flavors.\(key)", reason: "expected a boolean, got \(value.typeName)") }
        return flag
    }
}
