/// Cinder's quota checks, with its 413 `overLimit` answers (`Retry-After: 0`), and the
/// `os-quota-sets` and `limits` routes.
enum BlockStorageQuotas {
    static func overLimit(_ message: String) -> ServiceError {
        ServiceError(status: 413, message: message, headers: [("Retry-After", "0")], extra: ["retryAfter": "0"])
    }

    /// A new volume of `gigabytes` for `projectID`.
    static func checkVolume(_ state: BlockStorageState, projectID: String, adding gigabytes: Int) throws(ServiceError) {
        let quota = state.quota(for: projectID)
        let usage = state.usage(of: projectID)
        if quota.volumes >= 0 && usage.volumes + 1 > quota.volumes {
            throw overLimit("VolumeLimitExceeded: Maximum number of volumes allowed (\(quota.volumes)) exceeded for quota 'volumes'.")
        }
        try checkGigabytes(quota: quota, used: usage.gigabytes, adding: gigabytes)
    }

    static func checkSnapshot(_ state: BlockStorageState, projectID: String, adding gigabytes: Int) throws(ServiceError) {
        let quota = state.quota(for: projectID)
        let usage = state.usage(of: projectID)
        if quota.snapshots >= 0 && usage.snapshots + 1 > quota.snapshots {
            throw overLimit("SnapshotLimitExceeded: Maximum number of snapshots allowed (\(quota.snapshots)) exceeded")
        }
        try checkGigabytes(quota: quota, used: usage.gigabytes, adding: gigabytes)
    }

    static func checkGigabytes(quota: VolumeQuota, used: Int, adding: Int) throws(ServiceError) {
        if quota.gigabytes >= 0 && used + adding > quota.gigabytes {
            throw overLimit(
                "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. "
                    + "Requested \(adding)G, quota is \(quota.gigabytes)G and \(used)G has been consumed.")
        }
    }

    static let base = "/volume/v3/{project_id}"

    static var routes: [Route] {
        [
            Route(.get, base + "/os-quota-sets/{target_project}") { request in try show(request, defaults: false) },
            Route(.get, base + "/os-quota-sets/{target_project}/defaults") { request in try show(request, defaults: true) },
            Route(.put, base + "/os-quota-sets/{target_project}") { request in try update(request) },
            Route(.get, base + "/limits") { request in try limits(request) },
            Route(.get, base + "/os-availability-zone") { request in
                let cinder = try CinderRequest(request)
                let zone = try request.cloud.withState { $0.blockStorage.settings.availabilityZone }
                _ = cinder
                return .json(["availabilityZoneInfo": [["zoneName": .string(zone), "zoneState": ["available": true]]]])
            },
        ]
    }

    static let names = ["volumes", "gigabytes", "snapshots", "backups", "backup_gigabytes", "groups", "per_volume_gigabytes"]

    static func values(_ quota: VolumeQuota) -> [Int] {
        [quota.volumes, quota.gigabytes, quota.snapshots, quota.backups, quota.backupGigabytes, quota.groups, quota.perVolumeGigabytes]
    }

    static func show(_ request: EmulatorRequest, defaults: Bool) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let target = request.parameter("target_project")
        guard cinder.auth.isAdmin || target == cinder.projectID else {
            throw ServiceError.forbidden("Policy doesn't allow volume_extension:quotas:show to be performed.")
        }
        let usage = !defaults && request.query.first("usage").flatMap(FieldFilter.parseBool) == true
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            let quota = defaults ? state.settings.defaultQuota : state.quota(for: target)
            let used = state.usage(of: target)
            var object: EmulatorJSONObject = ["id": .string(target)]
            let inUse = [used.volumes, used.gigabytes, used.snapshots, 0, 0, 0, 0]
            for (index, name) in names.enumerated() {
                let limit = values(quota)[index]
                object[name] = usage ? ["limit": .int(limit), "in_use": .int(inUse[index]), "reserved": 0] : .int(limit)
            }
            let typeName = state.defaultType.name
            for (suffix, index) in [("volumes", 0), ("gigabytes", 1), ("snapshots", 2)] {
                object["\(suffix)_\(typeName)"] = usage ? ["limit": -1, "in_use": .int(inUse[index]), "reserved": 0] : -1
            }
            return ["quota_set": .object(object)]
        }
        return .json(body)
    }

    static func update(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        guard cinder.auth.isAdmin else {
            throw ServiceError.forbidden("Policy doesn't allow volume_extension:quotas:update to be performed.")
        }
        let target = request.parameter("target_project")
        let fields = try cinder.bodyObject("quota_set")
        var changes: [(String, Int)] = []
        for (key, value) in fields where key != "tenant_id" && key != "id" {
            guard names.contains(key) || key.contains("_") else {
                throw ServiceError.badRequest("Bad key(s) in quota set: \(key)")
            }
            guard let number = value.intValue ?? value.stringValue.flatMap({ Int($0) }), number >= -1 else {
                throw ServiceError.badRequest("Invalid input received: Quota limit must be -1 or greater.")
            }
            changes.append((key, number))
        }
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            var quota = state.quota(for: target)
            let used = state.usage(of: target)
            for (key, number) in changes {
                let usage = ["volumes": used.volumes, "gigabytes": used.gigabytes, "snapshots": used.snapshots][key] ?? 0
                if number != -1 && number < usage {
                    throw ServiceError.badRequest(
                        "Quota \(key) limit must be equal or greater than existing resources. Current usage is \(usage) and the requested limit is \(number).")
                }
            }
            for (key, number) in changes {
                switch key {
                case "volumes": quota.volumes = number
                case "gigabytes": quota.gigabytes = number
                case "snapshots": quota.snapshots = number
                case "backups": quota.backups = number
                case "backup_gigabytes": quota.backupGigabytes = number
                case "groups": quota.groups = number
                case "per_volume_gigabytes": quota.perVolumeGigabytes = number
                default: break
                }
            }
            state.quotas[target] = quota
            var object: EmulatorJSONObject = [:]
            for (index, name) in names.enumerated() { object[name] = .int(values(quota)[index]) }
            for suffix in ["volumes", "gigabytes", "snapshots"] { object["\(suffix)_\(state.defaultType.name)"] = -1 }
            return ["quota_set": .object(object)]
        }
        return .json(body)
    }

    static func limits(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            let quota = state.quota(for: cinder.projectID)
            let used = state.usage(of: cinder.projectID)
            return ["limits": ["rate": [], "absolute": [
                "totalSnapshotsUsed": .int(used.snapshots), "maxTotalBackups": .int(quota.backups),
                "maxTotalVolumeGigabytes": .int(quota.gigabytes), "maxTotalSnapshots": .int(quota.snapshots),
                "maxTotalBackupGigabytes": .int(quota.backupGigabytes), "totalBackupGigabytesUsed": 0,
                "maxTotalVolumes": .int(quota.volumes), "totalVolumesUsed": .int(used.volumes), "totalBackupsUsed": 0,
                "totalGigabytesUsed": .int(used.gigabytes),
            ]]]
        }
        return .json(body)
    }
}
