/// Cinder: volumes, snapshots, volume types, and `extend`.
extension Kinds {
    public static let volume: ResourceKind = {
        var kind = ResourceKind("volume", .blockStorage, path: "/volumes", singular: "volume", plural: "volumes")
        kind.listPath = "/volumes/detail"
        kind.paging = .links
        kind.status = .init(ready: ["available"], failed: ["error", "error_restoring", "error_extending", "error_managing"], timeout: 300,
                            settled: ["in-use"])
        kind.references = [Reference("image", "imageRef", image), Reference("snapshot", "snapshot_id", snapshot),
                           Reference("source_volume", "source_volid", volume)]
        // Cinder takes `metadata` on create; the marker key sits beside the script's own.
        kind.marker = .metadata
        kind.bulkStatus = .detailedList
        return kind
    }()

    public static let snapshot: ResourceKind = {
        var kind = ResourceKind("snapshot", .blockStorage, path: "/snapshots", singular: "snapshot", plural: "snapshots")
        kind.listPath = "/snapshots/detail"
        kind.paging = .links
        kind.status = .init(ready: ["available"], failed: ["error"], timeout: 300)
        kind.references = [Reference("volume", "volume_id", volume)]
        // Cinder takes `metadata` on create; the marker key sits beside the script's own.
        kind.marker = .metadata
        kind.bulkStatus = .detailedList
        return kind
    }()

    public static let volumeType: ResourceKind = {
        var kind = ResourceKind("volume type", .blockStorage, path: "/types", singular: "volume_type", plural: "volume_types")
        kind.nameMatch = .clientSide
        kind.lookup = .wholeList
        return kind
    }()
}

extension Operations {
    /// The operations of `cinder` (on volumes).
    public static let volume: [Operation] = [
        {
            var extend = Operation("extend", on: Kinds.volume, .action("os-extend", ["new_size": .slot("size")]))
            extend.arguments = [.init("size", .integer(minimum: 1), description: "size in GiB")]
            // An attached volume goes back to in-use.
            extend.wait = .subject("available", "in-use")
            extend.effect = .field("size", equalsSlot: "size")
            return extend
        }(),
    ]
}
