import Foundation

/// What Nova's block device mappings need of Cinder beyond the attach/detach contract: the
/// volumes Nova creates for `block_device_mapping_v2` entries with `destination_type: volume`
/// and a `blank` or `image` source, and deleting them with the server when
/// `delete_on_termination` says so. Kept in Nova's folder; it goes through Cinder's own quota
/// and image checks.
extension BlockStorageState {
    /// A volume as Nova's compute service asks Cinder for one while building: Cinder's quota
    /// applies, an image must fit, and the volume is ready for Nova to attach.
    func createVolumeForNova(
        size: Int, image: (id: String, properties: EmulatorJSON)?, projectID: String, userID: String, name: String, now: Date
    ) throws(ServiceError) -> String {
        try BlockStorageQuotas.checkVolume(self, projectID: projectID, adding: size)
        var imageMetadata: EmulatorJSONObject?
        if let image {
            try VolumeCreation.checkImage(image.properties, id: image.id, volumeSize: size)
            imageMetadata = VolumeCreation.volumeImageMetadata(image.properties, id: image.id)
        }
        let id = Identifiers.uuid()
        volumes[id] = Volume(
            id: id, name: name, description: nil, size: size, status: "available", projectID: projectID, userID: userID,
            availabilityZone: settings.availabilityZone, createdAt: now, updatedAt: now, volumeTypeID: defaultType.id,
            snapshotID: nil, sourceVolumeID: nil, imageMetadata: imageMetadata, bootable: image != nil)
        volumeOrder.append(id)
        return id
    }

    /// Deletes a volume Nova detached from a deleted server (`delete_on_termination`).
    func deleteVolumeForNova(_ id: String) {
        guard let volume = volumes[id], volume.attachments.isEmpty else { return }
        removeVolume(id)
    }
}
