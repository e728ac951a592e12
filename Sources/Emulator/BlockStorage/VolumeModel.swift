import Foundation

/// A Cinder volume as the emulator keeps it; rendered per microversion by `VolumeView`.
struct Volume: Sendable {
    let id: String
    var name: String?
    var description: String?
    var size: Int
    /// creating, available, reserved, attaching, in-use, detaching, extending, deleting, error.
    var status: String
    let projectID: String
    let userID: String
    var availabilityZone: String
    let createdAt: Date
    var updatedAt: Date?
    var volumeTypeID: String
    var snapshotID: String?
    var sourceVolumeID: String?
    /// Glance's image properties, copied when the volume was made from an image.
    var imageMetadata: EmulatorJSONObject?
    var bootable = false
    var metadata: EmulatorJSONObject = [:]
    var attachments: [VolumeAttachment] = []
    var migrationStatus: String?
    /// The pending status change (creating -> available, extending -> available).
    var timer: Int?
}

/// One server's hold on a volume, as Nova's attach creates it.
struct VolumeAttachment: Sendable {
    let id: String
    let serverID: String
    let device: String
    let attachedAt: Date
    /// False while Nova is still attaching (the volume shows `attaching`).
    var attached: Bool
}

/// A snapshot of a volume.
struct VolumeSnapshot: Sendable {
    let id: String
    var name: String?
    var description: String?
    let volumeID: String
    let size: Int
    /// creating, available, deleting, error.
    var status: String
    let projectID: String
    let userID: String
    let createdAt: Date
    var updatedAt: Date?
    var metadata: EmulatorJSONObject = [:]
    var timer: Int?
}

/// A volume type. `__DEFAULT__` exists from the start, as in every Cinder since Train.
struct VolumeType: Sendable {
    let id: String
    var name: String
    var description: String?
    var isPublic: Bool
    var extraSpecs: EmulatorJSONObject
}

/// One project's Cinder quotas (limits; -1 is unlimited).
struct VolumeQuota: Sendable, Equatable {
    var volumes: Int
    var gigabytes: Int
    var snapshots: Int
    var backups = 10
    var backupGigabytes = 1000
    var groups = 10
    var perVolumeGigabytes = -1

    static let standard = VolumeQuota(volumes: 10, gigabytes: 1000, snapshots: 10)
}
