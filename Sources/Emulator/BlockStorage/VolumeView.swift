import Foundation

/// Renders volumes as Cinder's view builders do: what shows depends on the microversion and on
/// whether the caller is an admin.
struct VolumeView {
    let baseURL: String
    let projectPath: String
    let version: APIVersion
    let isAdmin: Bool

    init(baseURL: String, projectID: String, version: APIVersion, isAdmin: Bool) {
        self.baseURL = baseURL
        self.projectPath = projectID
        self.version = version
        self.isAdmin = isAdmin
    }

    /// Cinder writes times to the second (MySQL drops the fraction) with six zeros after it.
    static func time(_ date: Date?) -> EmulatorJSON {
        guard let date else { return .null }
        return .string(Timestamp.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)), .microseconds))
    }

    func links(_ collection: String, _ id: String) -> EmulatorJSON {
        [
            ["rel": "self", "href": .string("\(baseURL)/volume/v3/\(projectPath)/\(collection)/\(id)")],
            ["rel": "bookmark", "href": .string("\(baseURL)/volume/\(projectPath)/\(collection)/\(id)")],
        ]
    }

    func summary(_ volume: Volume) -> EmulatorJSON {
        ["id": .string(volume.id), "name": .optional(volume.name), "links": links("volumes", volume.id)]
    }

    /// `extensions`: the attributes Cinder's API extensions add (tenant, host, migration,
    /// image metadata), present on show and list but not on the create and update answers.
    func detail(_ volume: Volume, type: VolumeType?, extensions: Bool = true) -> EmulatorJSON {
        var object: EmulatorJSONObject = [
            "id": .string(volume.id), "status": .string(volume.status), "size": .int(volume.size),
            "availability_zone": .string(volume.availabilityZone), "created_at": Self.time(volume.createdAt),
            "updated_at": Self.time(volume.updatedAt), "name": .optional(volume.name),
            "description": .optional(volume.description),
            "volume_type": type.map { .string($0.name) } ?? .string(volume.volumeTypeID),
            "snapshot_id": .optional(volume.snapshotID), "source_volid": .optional(volume.sourceVolumeID),
            "metadata": .object(volume.metadata), "links": links("volumes", volume.id), "user_id": .string(volume.userID),
            "bootable": .string(volume.bootable ? "true" : "false"), "encrypted": false, "replication_status": nil,
            "consistencygroup_id": nil, "multiattach": false,
            "attachments": .array(volume.attachments.filter(\.attached).map { attachment(volume, $0) }),
        ]
        if isAdmin { object["migration_status"] = .optional(volume.migrationStatus) }
        if version >= APIVersion(3, 13) { object["group_id"] = .null }
        if isAdmin && version >= APIVersion(3, 21) { object["provider_id"] = .null }
        if version >= APIVersion(3, 48) {
            object["shared_targets"] = false
            object["service_uuid"] = .string(Identifiers.stableUUID("cinder-volume-service"))
        }
        if isAdmin && version >= APIVersion(3, 61) { object["cluster_name"] = .null }
        if version >= APIVersion(3, 63) { object["volume_type_id"] = .string(volume.volumeTypeID) }
        if version >= APIVersion(3, 65) { object["consumes_quota"] = true }
        guard extensions else { return .object(object) }
        object["os-vol-tenant-attr:tenant_id"] = .string(volume.projectID)
        if isAdmin {
            object["os-vol-mig-status-attr:migstat"] = .optional(volume.migrationStatus)
            object["os-vol-mig-status-attr:name_id"] = .null
            object["os-vol-host-attr:host"] = volume.status == "creating" ? .null : "emulator@emulator#emulator"
        }
        if let image = volume.imageMetadata { object["volume_image_metadata"] = .object(image) }
        return .object(object)
    }

    func attachment(_ volume: Volume, _ attachment: VolumeAttachment) -> EmulatorJSON {
        [
            "id": .string(volume.id), "attachment_id": .string(attachment.id), "volume_id": .string(volume.id),
            "server_id": .string(attachment.serverID), "host_name": isAdmin ? "emulator" : nil,
            "device": .string(attachment.device), "attached_at": Self.time(attachment.attachedAt),
        ]
    }

    /// `extensions`: the `os-extended-snapshot-attributes` members, on show and list only.
    func snapshot(_ snapshot: VolumeSnapshot, extensions: Bool = true) -> EmulatorJSON {
        var object: EmulatorJSONObject = [
            "id": .string(snapshot.id), "created_at": Self.time(snapshot.createdAt), "updated_at": Self.time(snapshot.updatedAt),
            "name": .optional(snapshot.name), "description": .optional(snapshot.description),
            "volume_id": .string(snapshot.volumeID), "status": .string(snapshot.status), "size": .int(snapshot.size),
            "metadata": .object(snapshot.metadata),
        ]
        if version >= APIVersion(3, 14) { object["group_snapshot_id"] = .null }
        if version >= APIVersion(3, 41) { object["user_id"] = .string(snapshot.userID) }
        if version >= APIVersion(3, 65) { object["consumes_quota"] = true }
        guard extensions else { return .object(object) }
        object["os-extended-snapshot-attributes:progress"] = .string(snapshot.status == "available" ? "100%" : "0%")
        object["os-extended-snapshot-attributes:project_id"] = .string(snapshot.projectID)
        return .object(object)
    }

    /// `listed`: lists add `os-volume-type-access:is_public`; a single type has no such member.
    func volumeType(_ type: VolumeType, listed: Bool) -> EmulatorJSON {
        var object: EmulatorJSONObject = [
            "id": .string(type.id), "name": .string(type.name), "is_public": .bool(type.isPublic),
            "description": .optional(type.description), "extra_specs": .object(type.extraSpecs),
        ]
        if isAdmin { object["qos_specs_id"] = .null }
        if listed { object["os-volume-type-access:is_public"] = .bool(type.isPublic) }
        return .object(object)
    }
}
