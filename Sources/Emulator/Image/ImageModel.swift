import Foundation

/// A Glance image as the emulator keeps it.
struct ImageRecord: Sendable {
    let id: String
    var name: String?
    var diskFormat: String?
    var containerFormat: String?
    /// public, private, shared or community.
    var visibility: String
    var size: Int?
    var virtualSize: Int?
    /// queued, saving, active, killed, deactivated, deleted.
    var status: String
    var checksum: String?
    var isProtected: Bool
    var minRAM: Int
    var minDisk: Int
    var owner: String?
    var hidden: Bool
    var hashAlgorithm: String?
    var hashValue: String?
    let createdAt: Date
    var updatedAt: Date
    var tags: [String]
    /// Additional properties (`"hw_disk_bus": "scsi"`), in the order they were set.
    var properties: EmulatorJSONObject
    var data: ImageData?
}

/// Where an image's bytes are.
enum ImageData: Sendable {
    /// Uploaded: a file in the emulator's temporary directory.
    case file(path: String)
    /// The seeded image: bytes made on the fly from a pattern, so nothing is written at start.
    case pattern(size: Int)
}

/// Glance's own properties: a PATCH or a create may not treat these as additional properties.
enum ImageAttributes {
    static let readOnly: Set<String> = [
        "id", "status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at", "updated_at",
        "file", "self", "schema", "direct_url", "stores",
    ]
    static let reserved: Set<String> = ["owner_id", "location", "deleted", "deleted_at", "is_public", "image_id", "locations"]
    static let core: Set<String> = [
        "name", "disk_format", "container_format", "visibility", "protected", "min_ram", "min_disk", "owner", "os_hidden", "tags",
    ]
    static let diskFormats = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]
    static let containerFormats = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
    static let visibilities = ["public", "private", "shared", "community"]
    static let statuses = ["queued", "saving", "active", "killed", "deleted", "pending_delete", "deactivated", "uploading", "importing"]
}
