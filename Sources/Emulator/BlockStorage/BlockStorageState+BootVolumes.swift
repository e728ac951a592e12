import Foundation

/// Beyond the agreed contract: what Nova needs for `block_device_mapping_v2` entries whose
/// destination is a volume (`source_type` `image` or `blank`), and for `delete_on_termination`.
/// Same rules as `POST /volumes`: quotas (Cinder's 413), the image must be active and fit.
extension BlockStorageState {
    /// Creates a volume for a server being built and returns its id. It is `creating`, then
    /// `available` after `build_seconds` (or `error`, as the fault plan draws `volume`).
    public func createVolume(
        projectID: String, userID: String, size: Int, imageID: String? = nil, name: String? = nil
    ) throws(ServiceError) -> String {
        guard let cloud = currentCloud else { preconditionFailure("BlockStorageState used outside CloudStore.withState") }
        guard size >= 1 else {
            throw ServiceError.badRequest("Invalid input for field/attribute size. Value: \(size). \(size) is less than the minimum of 1")
        }
        var imageMetadata: EmulatorJSONObject?
        if let imageID {
            guard let image = cloud.optional(ImageState.self)?.image(id: imageID, projectID: projectID) else {
                throw ServiceError.notFound("Image \(imageID) could not be found.")
            }
            try VolumeCreation.checkImage(image, id: imageID, volumeSize: size)
            imageMetadata = VolumeCreation.volumeImageMetadata(image, id: imageID)
        }
        try BlockStorageQuotas.checkVolume(self, projectID: projectID, adding: size)
        let id = Identifiers.uuid()
        var volume = Volume(
            id: id, name: name, description: nil, size: size, status: "creating", projectID: projectID, userID: userID,
            availabilityZone: settings.availabilityZone, createdAt: cloud.now, updatedAt: nil, volumeTypeID: defaultType.id,
            snapshotID: nil, sourceVolumeID: nil, imageMetadata: imageMetadata, bootable: imageID != nil)
        let fails = cloud.faults.resourceShouldFail(kind: "volume")
        volume.timer = cloud.schedule(after: cloud.config.timings.buildSeconds) { cloud in
            guard var volume = cloud.blockStorage.volumes[id], volume.status == "creating" else { return }
            volume.status = fails ? "error" : "available"
            volume.updatedAt = cloud.now
            volume.timer = nil
            cloud.blockStorage.volumes[id] = volume
        }
        volumes[id] = volume
        volumeOrder.append(id)
        return id
    }

    /// Deletes a volume at once, attachments or not (a server's `delete_on_termination`
    /// volumes, after `detachAll`). Unknown ids are ignored.
    public func deleteVolume(id: String) {
        if let timer = volumes[id]?.timer { currentCloud?.cancelTimer(timer) }
        snapshots.values.filter { $0.volumeID == id }.forEach { removeSnapshot($0.id) }
        removeVolume(id)
    }
}
