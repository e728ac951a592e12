import Foundation

/// `/volume/v3/{project_id}/snapshots`: create (`creating`, then `available` after
/// `build_seconds`), list, detail, show, update, delete.
enum SnapshotRoutes {
    static let collection = "/volume/v3/{project_id}/snapshots"
    static let member = collection + "/{snapshot_id}"

    static var routes: [Route] {
        [
            Route(.get, collection) { request in try list(request, detail: false) },
            Route(.get, collection + "/detail") { request in try list(request, detail: true) },
            Route(.post, collection) { request in try create(request) },
            Route(.get, member) { request in try show(request) },
            Route(.put, member) { request in try update(request) },
            Route(.delete, member, .noRequestID) { request in try CinderRequest.bareAnswer(request) { try delete(request) } },
        ]
    }

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let fields = try cinder.bodyObject("snapshot")
        guard let volumeID = fields["volume_id"]?.stringValue else { throw ServiceError.badRequest("'volume_id' is a required property") }
        let name = try CinderText.optionalString(fields, fields["name"] != nil ? "name" : "display_name")
        let description = try CinderText.optionalString(fields, fields["description"] != nil ? "description" : "display_description")
        let metadata = try CinderText.metadata(fields["metadata"])
        let force = fields["force"].flatMap { $0.boolValue ?? $0.stringValue.flatMap(FieldFilter.parseBool) } ?? false
        let inUseAllowed = force || cinder.version >= APIVersion(3, 66)
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            let volume = try state.visibleVolume(volumeID, auth: cinder.auth)
            let valid = inUseAllowed ? ["available", "in-use"] : ["available"]
            guard valid.contains(volume.status) else {
                throw ServiceError.badRequest(
                    "Invalid volume: Volume \(volumeID) status must be \(valid.joined(separator: ", ")), but current status is: \(volume.status).")
            }
            try BlockStorageQuotas.checkSnapshot(state, projectID: volume.projectID, adding: volume.size)
            let id = Identifiers.uuid()
            var snapshot = VolumeSnapshot(
                id: id, name: name, description: description, volumeID: volumeID, size: volume.size, status: "creating",
                projectID: volume.projectID, userID: cinder.auth.userID, createdAt: cloud.now, updatedAt: nil, metadata: metadata)
            let fails = cloud.faults.resourceShouldFail(kind: "snapshot")
            snapshot.timer = cloud.schedule(after: cloud.config.timings.buildSeconds) { cloud in
                guard var snapshot = cloud.blockStorage.snapshots[id], snapshot.status == "creating" else { return }
                snapshot.status = fails ? "error" : "available"
                snapshot.updatedAt = cloud.now
                snapshot.timer = nil
                cloud.blockStorage.snapshots[id] = snapshot
            }
            state.snapshots[id] = snapshot
            state.snapshotOrder.append(id)
            return ["snapshot": view.snapshot(snapshot, extensions: false)]
        }
        return .json(body, status: 202)
    }

    static func list(_ request: EmulatorRequest, detail: Bool) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let listing = try CinderListing(cinder, resource: "snapshot")
        let (limit, marker) = try cinder.pagination()
        let view = cinder.view
        let items = try request.cloud.withState { cloud -> [EmulatorJSONObject] in
            let state = cloud.blockStorage
            var objects: [EmulatorJSONObject] = []
            for id in state.snapshotOrder {
                guard let snapshot = state.snapshots[id], listing.allTenants || snapshot.projectID == cinder.projectID else { continue }
                guard case .object(let object) = view.snapshot(snapshot) else { continue }
                if try listing.matches(object) { objects.append(object) }
            }
            return listing.sorted(objects)
        }
        let page: Page<EmulatorJSONObject>
        do {
            page = try Pagination.page(items, limit: limit, marker: marker, maximum: request.cloud.pageSize ?? 1000) { $0["id"]?.stringValue ?? "" }
        } catch {
            throw ServiceError.notFound("Snapshot \(marker ?? "") could not be found.")
        }
        let rendered: [EmulatorJSON] = page.items.map { object in
            if detail { return .object(object) }
            var summary = object
            for key in ["os-extended-snapshot-attributes:progress", "os-extended-snapshot-attributes:project_id"] { summary[key] = nil }
            return .object(summary)
        }
        var body: EmulatorJSONObject = ["snapshots": .array(rendered)]
        let url = cinder.collectionURL + (detail ? "/snapshots/detail" : "/snapshots")
        let links = Pagination.nextLinks(page, url: url, query: request.query) { $0["id"]?.stringValue ?? "" }
        if !links.isEmpty { body["snapshots_links"] = .array(links) }
        return .json(.object(body))
    }

    static func show(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("snapshot_id")
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            ["snapshot": view.snapshot(try cloud.blockStorage.visibleSnapshot(id, auth: cinder.auth))]
        }
        return .json(body)
    }

    static func update(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("snapshot_id")
        let fields = try cinder.bodyObject("snapshot")
        let name = try CinderText.optionalString(fields, fields["name"] != nil ? "name" : "display_name")
        let description = try CinderText.optionalString(fields, fields["description"] != nil ? "description" : "display_description")
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            var snapshot = try cloud.blockStorage.visibleSnapshot(id, auth: cinder.auth)
            if fields["name"] != nil || fields["display_name"] != nil { snapshot.name = name }
            if fields["description"] != nil || fields["display_description"] != nil { snapshot.description = description }
            snapshot.updatedAt = cloud.now
            cloud.blockStorage.snapshots[id] = snapshot
            return ["snapshot": view.snapshot(snapshot, extensions: false)]
        }
        return .json(body)
    }

    static func delete(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("snapshot_id")
        try request.cloud.withState { cloud in
            let state = cloud.blockStorage
            var snapshot = try state.visibleSnapshot(id, auth: cinder.auth)
            guard ["available", "error", "error_deleting"].contains(snapshot.status) else {
                throw ServiceError.badRequest("Invalid snapshot: Volume Snapshot status must be available or error")
            }
            if let timer = snapshot.timer { cloud.cancelTimer(timer) }
            snapshot.status = "deleting"
            snapshot.updatedAt = cloud.now
            snapshot.timer = cloud.schedule(after: cloud.config.timings.deleteSeconds) { cloud in
                cloud.blockStorage.removeSnapshot(id)
            }
            state.snapshots[id] = snapshot
        }
        return .empty(status: 202, headers: [("Content-Type", "application/json")])
    }
}
