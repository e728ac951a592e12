import Foundation

/// Renders images as Glance v2 does: additional properties first, then the core attributes,
/// then the links (relative to the service root, as Glance writes them).
enum ImageView {
    static func render(_ image: ImageRecord) -> EmulatorJSON {
        var object = image.properties
        let core: [(String, EmulatorJSON)] = [
            ("name", .optional(image.name)), ("disk_format", .optional(image.diskFormat)),
            ("container_format", .optional(image.containerFormat)), ("visibility", .string(image.visibility)),
            ("size", image.size.map(EmulatorJSON.int) ?? .null), ("virtual_size", image.virtualSize.map(EmulatorJSON.int) ?? .null),
            ("status", .string(image.status)), ("checksum", .optional(image.checksum)), ("protected", .bool(image.isProtected)),
            ("min_ram", .int(image.minRAM)), ("min_disk", .int(image.minDisk)), ("owner", .optional(image.owner)),
            ("os_hidden", .bool(image.hidden)), ("os_hash_algo", .optional(image.hashAlgorithm)),
            ("os_hash_value", .optional(image.hashValue)), ("id", .string(image.id)),
            ("created_at", .string(Timestamp.format(image.createdAt, .secondsZ))),
            ("updated_at", .string(Timestamp.format(image.updatedAt, .secondsZ))),
            ("tags", .array(image.tags.map(EmulatorJSON.string))), ("self", .string("/v2/images/\(image.id)")),
            ("file", .string("/v2/images/\(image.id)/file")), ("schema", "/v2/schemas/image"),
        ]
        for (key, value) in core { object[key] = value }
        if image.data != nil && image.status == "active" || image.status == "deactivated" { object["stores"] = "fs" }
        return .object(object)
    }
}
