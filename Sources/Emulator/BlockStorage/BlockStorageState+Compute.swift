import Foundation

/// What Nova asks of Cinder, inside the same locked access as its own change (attach, detach,
/// server delete). Errors are worded as Nova words them, so Nova can throw them on unchanged.
extension BlockStorageState {
    /// The volume as Cinder's detail view shows it to an admin at the highest microversion,
    /// without links (Nova reads status, size, attachments, bootable, volume_image_metadata).
    public func volume(id: String) -> EmulatorJSON? {
        guard let volume = volumes[id] else { return nil }
        let view = VolumeView(baseURL: "", projectID: volume.projectID, version: BlockStorageService.microversions.maximum, isAdmin: true)
        guard case .object(var object) = view.detail(volume, type: type(nameOrID: volume.volumeTypeID)) else { return nil }
        object["links"] = nil
        return .object(object)
    }

    /// Reserves `volumeID` for `serverID` and returns the device it gets (`/dev/vdb`, then
    /// `/dev/vdc`...). The volume shows `attaching`, then `in-use` once `attach_seconds` have
    /// passed (0 by default: from the next access on). Throws Nova's 404 for a volume the
    /// project cannot see and its 400 for one that is not available.
    public func beginAttachment(volumeID: String, serverID: String, projectID: String) throws(ServiceError) -> String {
        guard var volume = volumes[volumeID], volume.projectID == projectID else {
            throw ServiceError.notFound("Volume \(volumeID) could not be found.")
        }
        if !volume.attachments.isEmpty {
            let servers = volume.attachments.map(\.serverID).joined(separator: ", ")
            throw ServiceError.badRequest("Invalid volume: volume \(volumeID) is already attached to instances: \(servers)")
        }
        guard volume.status == "available" else {
            throw ServiceError.badRequest(
                "Invalid volume: Volume \(volumeID) status must be available or downloading to reserve, but the current status is \(volume.status).")
        }
        let used = Set(attachments(serverID: serverID).map(\.device))
        let letters = "bcdefghijklmnopqrstuvwxyz".map { "/dev/vd\($0)" }
        let device = letters.first { !used.contains($0) } ?? "/dev/vdz"
        guard let cloud = currentCloud else { preconditionFailure("BlockStorageState used outside CloudStore.withState") }
        volume.status = "attaching"
        volume.updatedAt = cloud.now
        volume.attachments = [VolumeAttachment(id: Identifiers.uuid(), serverID: serverID, device: device, attachedAt: cloud.now, attached: false)]
        volume.timer = cloud.schedule(after: settings.attachSeconds) { cloud in
            guard var volume = cloud.blockStorage.volumes[volumeID], volume.status == "attaching" else { return }
            volume.status = "in-use"
            volume.updatedAt = cloud.now
            for index in volume.attachments.indices { volume.attachments[index].attached = true }
            volume.timer = nil
            cloud.blockStorage.volumes[volumeID] = volume
        }
        volumes[volumeID] = volume
        return device
    }

    /// Starts detaching `volumeID` from `serverID`: `detaching`, then `available` after
    /// `attach_seconds`. Throws 404 when the volume is not attached to that server.
    public func detach(volumeID: String, serverID: String) throws(ServiceError) {
        guard var volume = volumes[volumeID], volume.attachments.contains(where: { $0.serverID == serverID }) else {
            throw ServiceError.notFound("Volume \(volumeID) is not attached to server \(serverID).")
        }
        guard let cloud = currentCloud else { preconditionFailure("BlockStorageState used outside CloudStore.withState") }
        if let timer = volume.timer { cloud.cancelTimer(timer) }
        volume.status = "detaching"
        volume.updatedAt = cloud.now
        volume.timer = cloud.schedule(after: settings.attachSeconds) { cloud in
            guard var volume = cloud.blockStorage.volumes[volumeID], volume.status == "detaching" else { return }
            volume.attachments.removeAll { $0.serverID == serverID }
            volume.status = volume.attachments.isEmpty ? "available" : "in-use"
            volume.updatedAt = cloud.now
            volume.timer = nil
            cloud.blockStorage.volumes[volumeID] = volume
        }
        volumes[volumeID] = volume
    }

    /// The volumes attached (or being attached) to a server, in the order they were attached.
    public func attachments(serverID: String) -> [(volumeID: String, device: String)] {
        var found: [(volumeID: String, device: String, at: Date)] = []
        for id in volumeOrder {
            guard let volume = volumes[id] else { continue }
            for attachment in volume.attachments where attachment.serverID == serverID {
                found.append((id, attachment.device, attachment.attachedAt))
            }
        }
        return found.sorted { $0.at < $1.at }.map { ($0.volumeID, $0.device) }
    }

    /// The server is gone: every volume it held is available again, at once.
    public func detachAll(serverID: String) {
        for id in volumeOrder {
            guard var volume = volumes[id], volume.attachments.contains(where: { $0.serverID == serverID }) else { continue }
            if let timer = volume.timer, let cloud = currentCloud { cloud.cancelTimer(timer) }
            volume.attachments.removeAll { $0.serverID == serverID }
            volume.timer = nil
            volume.status = volume.attachments.isEmpty ? "available" : "in-use"
            volume.updatedAt = currentCloud?.now ?? volume.updatedAt
            volumes[id] = volume
        }
    }
}
