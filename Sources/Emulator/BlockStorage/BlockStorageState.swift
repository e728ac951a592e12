import Foundation

/// Cinder's part of the cloud: volumes, snapshots, volume types and per-project quotas.
public final class BlockStorageState: ServiceState {
    var volumes: [String: Volume] = [:]
    /// Volume ids in creation order (lists show the newest first, as Cinder sorts by created_at).
    var volumeOrder: [String] = []
    var snapshots: [String: VolumeSnapshot] = [:]
    var snapshotOrder: [String] = []
    var types: [VolumeType] = []
    /// Quotas set with `PUT os-quota-sets/{project}`; other projects have `defaultQuota`.
    var quotas: [String: VolumeQuota] = [:]
    let settings: BlockStorageSettings
    /// The cloud this state belongs to, for the cross-service calls that take no `CloudState`.
    private(set) weak var currentCloud: CloudState?

    init(seededIn cloud: CloudState) throws {
        currentCloud = cloud
        settings = try BlockStorageSettings(cloud.config.serviceSections["volume"] ?? [:])
        types.append(VolumeType(
            id: Identifiers.stableUUID("volume-type:__DEFAULT__"), name: "__DEFAULT__", description: "Default Volume Type",
            isPublic: true, extraSpecs: [:]))
        for name in settings.extraTypes {
            types.append(VolumeType(
                id: Identifiers.stableUUID("volume-type:" + name), name: name, description: nil, isPublic: true, extraSpecs: [:]))
        }
    }

    public var resourceCounts: [String: Int] {
        ["volume": volumes.count, "snapshot": snapshots.count, "volume_type": types.count]
    }

    var defaultType: VolumeType { types[0] }

    func type(nameOrID: String) -> VolumeType? {
        types.first { $0.id == nameOrID } ?? types.first { $0.name == nameOrID }
    }

    func quota(for projectID: String) -> VolumeQuota {
        quotas[projectID] ?? settings.defaultQuota
    }

    /// What a project uses: volumes, gigabytes (volumes and snapshots, as Cinder counts them) and snapshots.
    func usage(of projectID: String) -> (volumes: Int, gigabytes: Int, snapshots: Int) {
        let owned = volumes.values.filter { $0.projectID == projectID }
        let snaps = snapshots.values.filter { $0.projectID == projectID }
        return (owned.count, owned.reduce(0) { $0 + $1.size } + snaps.reduce(0) { $0 + $1.size }, snaps.count)
    }

    /// A volume the caller may see: its own project's, or any for an admin.
    func visibleVolume(_ id: String, auth: AuthContext) throws(ServiceError) -> Volume {
        guard let volume = volumes[id], auth.isAdmin || volume.projectID == auth.projectID else {
            throw ServiceError.notFound("Volume \(id) could not be found.")
        }
        return volume
    }

    func visibleSnapshot(_ id: String, auth: AuthContext) throws(ServiceError) -> VolumeSnapshot {
        guard let snapshot = snapshots[id], auth.isAdmin || snapshot.projectID == auth.projectID else {
            throw ServiceError.notFound("Snapshot \(id) could not be found.")
        }
        return snapshot
    }

    func removeVolume(_ id: String) {
        volumes[id] = nil
        volumeOrder.removeAll { $0 == id }
    }

    func removeSnapshot(_ id: String) {
        snapshots[id] = nil
        snapshotOrder.removeAll { $0 == id }
    }
}

/// The `"volume"` section of the config file.
struct BlockStorageSettings: Sendable {
    var defaultQuota = VolumeQuota.standard
    var availabilityZone = "nova"
    /// Seconds from attaching to in-use and from detaching to available.
    var attachSeconds = 0.0
    /// Volume types besides `__DEFAULT__`.
    var extraTypes: [String] = []

    init(_ section: EmulatorJSONObject) throws(EmulatorConfigError) {
        var reader = try ConfigReader(.object(section), path: "volume")
        if var quotas = try reader.object("quotas") {
            if let value = try quotas.integer("volumes", atLeast: -1) { defaultQuota.volumes = value }
            if let value = try quotas.integer("gigabytes", atLeast: -1) { defaultQuota.gigabytes = value }
            if let value = try quotas.integer("snapshots", atLeast: -1) { defaultQuota.snapshots = value }
            try quotas.finish()
        }
        if let zone = try reader.string("availability_zone") { availabilityZone = zone }
        if let seconds = try reader.number("attach_seconds", atLeast: 0) { attachSeconds = seconds }
        if let names = try reader.strings("volume_types") { extraTypes = names.filter { $0 != "__DEFAULT__" } }
        try reader.finish()
    }
}

extension CloudState {
    /// Cinder's part of the cloud.
    public var blockStorage: BlockStorageState { self[BlockStorageState.self] }
}
