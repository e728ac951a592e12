import Foundation

/// `POST /volume/v3/{project_id}/volumes`: empty, from a snapshot, from another volume, or from
/// a Glance image; checked against the quotas; `creating`, then `available` (or `error` when the
/// fault plan says so) after `build_seconds`.
enum VolumeCreation {
    static let fields: Set<String> = [
        "size", "name", "description", "display_name", "display_description", "volume_type", "availability_zone",
        "snapshot_id", "source_volid", "imageRef", "image_id", "metadata", "multiattach", "consistencygroup_id",
        "scheduler_hints", "group_id", "backup_id", "source_replica",
    ]

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let body = try request.json()
        let fields = try cinder.bodyObject("volume")
        if let unknown = fields.keys.first(where: { !Self.fields.contains($0) }), cinder.version >= APIVersion(3, 53) {
            throw ServiceError.badRequest(
                "Invalid input for field/attribute volume. Value: \(PythonRepr.repr(.object(fields))). "
                    + "Additional properties are not allowed ('\(unknown)' was unexpected)")
        }
        if fields["multiattach"]?.boolValue == true {
            throw ServiceError.badRequest(
                "multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. "
                    + "Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.")
        }
        let requestedSize = try CinderText.size(fields["size"])
        let name = try CinderText.optionalString(fields, fields["name"] != nil ? "name" : "display_name")
        let description = try CinderText.optionalString(fields, fields["description"] != nil ? "description" : "display_description")
        let metadata = try CinderText.metadata(fields["metadata"])
        let typeName = try CinderText.optionalString(fields, "volume_type")
        let zone = try CinderText.optionalString(fields, "availability_zone")
        let snapshotID = try CinderText.optionalString(fields, "snapshot_id")
        let sourceID = try CinderText.optionalString(fields, "source_volid")
        let imageID = try CinderText.optionalString(fields, fields["imageRef"] != nil ? "imageRef" : "image_id")
        _ = body
        let view = cinder.view
        let auth = cinder.auth
        let result = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            var size = requestedSize
            var volumeTypeID = state.defaultType.id
            var imageMetadata: EmulatorJSONObject?
            var bootable = false
            var zoneName = state.settings.availabilityZone
            if let snapshotID {
                let snapshot = try state.visibleSnapshot(snapshotID, auth: auth)
                guard snapshot.status == "available" else {
                    throw ServiceError.badRequest("Invalid snapshot: Originating snapshot status must be one of 'available' values")
                }
                if let source = state.volumes[snapshot.volumeID] {
                    volumeTypeID = source.volumeTypeID
                    imageMetadata = source.imageMetadata
                    bootable = source.bootable
                }
                size = size ?? snapshot.size
                if let size, size < snapshot.size {
                    throw invalidInput("Volume size '\(size)'GB cannot be smaller than the snapshot size \(snapshot.size)GB. They must be >= original snapshot size.")
                }
            } else if let sourceID {
                let source = try state.visibleVolume(sourceID, auth: auth)
                guard source.status == "available" || source.status == "in-use" else {
                    throw ServiceError.badRequest("Invalid volume: Originating volume status must be one of 'available', 'in-use' values")
                }
                volumeTypeID = source.volumeTypeID
                imageMetadata = source.imageMetadata
                bootable = source.bootable
                size = size ?? source.size
                if let size, size < source.size {
                    throw invalidInput("Volume size '\(size)'GB cannot be smaller than original volume size  \(source.size)GB. They must be >= original volume size.")
                }
            } else if let imageID {
                guard let image = cloud.optional(ImageState.self)?.image(id: imageID, projectID: cinder.projectID) else {
                    throw ServiceError.notFound("Image \(imageID) could not be found.")
                }
                guard let size else { throw Self.malformed }
                try checkImage(image, id: imageID, volumeSize: size)
                imageMetadata = volumeImageMetadata(image, id: imageID)
                bootable = true
            }
            guard let size else { throw Self.malformed }
            if let typeName {
                guard let type = state.type(nameOrID: typeName) else {
                    throw ServiceError.notFound(
                        Self.looksLikeUUID(typeName)
                            ? "Volume type \(typeName) could not be found." : "Volume type with name \(typeName) could not be found.")
                }
                volumeTypeID = type.id
            }
            if let zone {
                guard zone == state.settings.availabilityZone else { throw ServiceError.badRequest("Availability zone '\(zone)' is invalid.") }
                zoneName = zone
            }
            try BlockStorageQuotas.checkVolume(state, projectID: cinder.projectID, adding: size)
            let id = Identifiers.uuid()
            var volume = Volume(
                id: id, name: name, description: description, size: size, status: "creating", projectID: cinder.projectID,
                userID: auth.userID, availabilityZone: zoneName, createdAt: cloud.now, updatedAt: nil, volumeTypeID: volumeTypeID,
                snapshotID: snapshotID, sourceVolumeID: snapshotID == nil ? sourceID : nil, imageMetadata: imageMetadata,
                bootable: bootable, metadata: metadata)
            let fails = cloud.faults.resourceShouldFail(kind: "volume")
            volume.timer = cloud.schedule(after: cloud.config.timings.buildSeconds) { cloud in
                guard var volume = cloud.blockStorage.volumes[id], volume.status == "creating" else { return }
                volume.status = fails ? "error" : "available"
                volume.updatedAt = cloud.now
                volume.timer = nil
                cloud.blockStorage.volumes[id] = volume
            }
            state.volumes[id] = volume
            state.volumeOrder.append(id)
            return ["volume": view.detail(volume, type: state.type(nameOrID: volumeTypeID), extensions: false)]
        }
        return .json(result, status: 202)
    }

    /// What Cinder answers for a volume with neither a size nor a source to take one from.
    static let malformed = ServiceError.badRequest(
        "The server could not comply with the request since it is either malformed or otherwise incorrect.")

    static func invalidInput(_ reason: String) -> ServiceError {
        ServiceError.badRequest("Invalid input received: \(reason)")
    }

    static func looksLikeUUID(_ text: String) -> Bool {
        UUID(uuidString: text) != nil || (text.count == 32 && text.allSatisfy(\.isHexDigit))
    }

    /// Cinder's checks of the image a volume is made from (`check_image_metadata`).
    static func checkImage(_ image: EmulatorJSON, id: String, volumeSize: Int) throws(ServiceError) {
        guard image["status"]?.stringValue == "active" else { throw invalidInput("Image \(id) is not active.") }
        let gib = 1 << 30
        let bytes = image["size"]?.intValue ?? 0
        let imageGiB = (bytes + gib - 1) / gib
        if imageGiB > volumeSize {
            throw invalidInput("Size of specified image \(imageGiB)GB is larger than volume size \(volumeSize)GB.")
        }
        let minDisk = image["min_disk"]?.intValue ?? 0
        if volumeSize < minDisk {
            throw invalidInput("Volume size \(volumeSize)GB cannot be smaller than the image minDisk size \(minDisk)GB.")
        }
    }

    /// What Cinder keeps of the image: a few core attributes and every additional property, as strings.
    static func volumeImageMetadata(_ image: EmulatorJSON, id: String) -> EmulatorJSONObject {
        var metadata: EmulatorJSONObject = ["image_id": .string(id), "image_name": image["name"].flatMap(\.stringValue).map(EmulatorJSON.string) ?? ""]
        for key in ["checksum", "container_format", "disk_format", "min_disk", "min_ram", "size"] {
            guard let value = image[key], !value.isNull else { continue }
            metadata[key] = .string(value.stringValue ?? value.intValue.map(String.init) ?? "")
        }
        let glanceCore: Set<String> = [
            "name", "disk_format", "container_format", "visibility", "size", "virtual_size", "status", "checksum", "protected",
            "min_ram", "min_disk", "owner", "os_hidden", "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags",
            "self", "file", "schema", "stores",
        ]
        for (key, value) in image.objectValue ?? [:] where !glanceCore.contains(key) {
            if let text = value.stringValue { metadata[key] = .string(text) }
        }
        return metadata
    }
}
