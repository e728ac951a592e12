import Foundation

/// `POST /volumes/{id}/action`: os-extend (in-use volumes from 3.42 on, as Cinder allows),
/// os-set_bootable, os-reset_status (admin) and os-update_readonly_flag.
enum VolumeActions {
    static func perform(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("volume_id")
        let body = try request.json()
        guard let object = body.objectValue, let action = object.keys.first, let argument = object[action] else {
            throw ServiceError.badRequest("Malformed request body")
        }
        switch action {
        case "os-extend": return try extend(request, cinder: cinder, id: id, argument: argument)
        case "os-set_bootable":
            guard let flag = argument["bootable"].flatMap({ $0.boolValue ?? $0.stringValue.flatMap(FieldFilter.parseBool) }) else {
                throw ServiceError.badRequest("Invalid input for field/attribute bootable. Value: None. None is not of type 'boolean', 'string'")
            }
            try change(request, cinder: cinder, id: id) { volume, _ in volume.bootable = flag }
            return .empty(status: 200, headers: [("Content-Type", "application/json")])
        case "os-reset_status":
            guard cinder.auth.isAdmin else {
                throw ServiceError.forbidden("Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.")
            }
            let status = argument["status"]?.stringValue
            let attachStatus = argument["attach_status"]?.stringValue
            let migration = argument["migration_status"]?.stringValue
            try change(request, cinder: cinder, id: id) { volume, cloud in
                if let timer = volume.timer { cloud.cancelTimer(timer) }
                volume.timer = nil
                if let status { volume.status = status }
                if attachStatus == "detached" { volume.attachments = [] }
                if let migration { volume.migrationStatus = migration == "none" ? nil : migration }
            }
            return .empty(status: 202, headers: [("Content-Type", "application/json")])
        case "os-update_readonly_flag":
            guard argument["readonly"] != nil else { throw ServiceError.badRequest("Must specify readonly in request.") }
            try change(request, cinder: cinder, id: id) { volume, _ in
                volume.metadata["readonly"] = .string(argument["readonly"]?.boolValue == true ? "True" : "False")
            }
            return .empty(status: 202, headers: [("Content-Type", "application/json")])
        default:
            throw ServiceError.badRequest("There is no such action: \(action). Verify the request body and Content-Type header and try again.")
        }
    }

    private static func change(
        _ request: EmulatorRequest, cinder: CinderRequest, id: String,
        _ body: @escaping (inout Volume, CloudState) throws -> Void
    ) throws {
        try request.cloud.withState { cloud in
            var volume = try cloud.blockStorage.visibleVolume(id, auth: cinder.auth)
            try body(&volume, cloud)
            volume.updatedAt = cloud.now
            cloud.blockStorage.volumes[id] = volume
        }
    }

    static func extend(_ request: EmulatorRequest, cinder: CinderRequest, id: String, argument: EmulatorJSON) throws -> EmulatorResponse {
        guard let newSize = try CinderText.size(argument["new_size"], field: "new_size") else {
            throw ServiceError.badRequest("'new_size' is a required property")
        }
        let inUseAllowed = cinder.version >= APIVersion(3, 42)
        try request.cloud.withState { cloud in
            let state = cloud.blockStorage
            var volume = try state.visibleVolume(id, auth: cinder.auth)
            let allowed = inUseAllowed ? ["available", "in-use"] : ["available"]
            guard allowed.contains(volume.status) else {
                let expected = inUseAllowed ? "'{'status': ('available', 'in-use')}'" : "'{'status': 'available'}'"
                throw ServiceError.badRequest("Invalid volume: Volume \(id) status must be \(expected) to extend, currently \(volume.status).")
            }
            guard newSize > volume.size else {
                throw ServiceError.badRequest(
                    "Invalid input received: New size for extend must be greater than current size. (current: \(volume.size), extended: \(newSize)).")
            }
            let quota = state.quota(for: volume.projectID)
            try BlockStorageQuotas.checkGigabytes(quota: quota, used: state.usage(of: volume.projectID).gigabytes, adding: newSize - volume.size)
            let previous = volume.status
            volume.status = "extending"
            volume.updatedAt = cloud.now
            volume.timer = cloud.schedule(after: cloud.config.timings.buildSeconds) { cloud in
                guard var volume = cloud.blockStorage.volumes[id], volume.status == "extending" else { return }
                volume.size = newSize
                volume.status = previous
                volume.updatedAt = cloud.now
                volume.timer = nil
                cloud.blockStorage.volumes[id] = volume
            }
            state.volumes[id] = volume
        }
        return .empty(status: 202, headers: [("Content-Type", "application/json")])
    }
}
