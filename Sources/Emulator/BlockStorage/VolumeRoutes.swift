import Foundation

/// `/volume/v3/{project_id}/volumes`: list, detail, show, update, delete. Create and actions
/// have their own files.
enum VolumeRoutes {
    static let collection = "/volume/v3/{project_id}/volumes"
    static let member = collection + "/{volume_id}"

    static var routes: [Route] {
        [
            Route(.get, collection) { request in try list(request, detail: false) },
            Route(.get, collection + "/detail") { request in try list(request, detail: true) },
            Route(.post, collection) { request in try VolumeCreation.create(request) },
            Route(.get, member) { request in try show(request) },
            Route(.put, member) { request in try update(request) },
            Route(.delete, member, .noRequestID) { request in try CinderRequest.bareAnswer(request) { try delete(request) } },
            Route(.post, member + "/action") { request in try VolumeActions.perform(request) },
        ]
    }

    static func list(_ request: EmulatorRequest, detail: Bool) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let listing = try CinderListing(cinder, resource: "volume")
        let (limit, marker) = try cinder.pagination()
        let view = cinder.view
        let withCount = cinder.version >= APIVersion(3, 45) && request.query.first("with_count").flatMap(FieldFilter.parseBool) == true
        let (items, total) = try request.cloud.withState { cloud -> ([EmulatorJSONObject], Int) in
            let state = cloud.blockStorage
            var objects: [EmulatorJSONObject] = []
            for id in state.volumeOrder {
                guard let volume = state.volumes[id], listing.allTenants || volume.projectID == cinder.projectID else { continue }
                if listing.allTenants, let owner = listing.projectFilter, volume.projectID != owner { continue }
                guard case .object(let object) = view.detail(volume, type: state.type(nameOrID: volume.volumeTypeID)) else { continue }
                if try listing.matches(object) { objects.append(object) }
            }
            return (listing.sorted(objects), objects.count)
        }
        let page: Page<EmulatorJSONObject>
        do {
            page = try Pagination.page(items, limit: limit, marker: marker, maximum: request.cloud.pageSize ?? 1000) { $0["id"]?.stringValue ?? "" }
        } catch {
            throw ServiceError.notFound("Volume \(marker ?? "") could not be found.")
        }
        let rendered: [EmulatorJSON] = page.items.map { object in
            detail ? .object(object) : ["id": object["id"] ?? .null, "name": object["name"] ?? .null, "links": object["links"] ?? .null]
        }
        var body: EmulatorJSONObject = ["volumes": .array(rendered)]
        let url = cinder.collectionURL + (detail ? "/volumes/detail" : "/volumes")
        let links = Pagination.nextLinks(page, url: url, query: request.query) { $0["id"]?.stringValue ?? "" }
        if !links.isEmpty { body["volumes_links"] = .array(links) }
        if withCount { body["count"] = .int(total) }
        return .json(.object(body))
    }

    static func show(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("volume_id")
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let volume = try cloud.blockStorage.visibleVolume(id, auth: cinder.auth)
            return ["volume": view.detail(volume, type: cloud.blockStorage.type(nameOrID: volume.volumeTypeID))]
        }
        return .json(body)
    }

    static func update(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("volume_id")
        let fields = try cinder.bodyObject("volume")
        let allowed: Set<String> = ["name", "description", "metadata", "display_name", "display_description"]
        if let unknown = fields.keys.first(where: { !allowed.contains($0) }) {
            throw ServiceError.badRequest("Additional properties are not allowed ('\(unknown)' was unexpected)")
        }
        let name = try CinderText.optionalString(fields, fields["name"] != nil ? "name" : "display_name")
        let description = try CinderText.optionalString(fields, fields["description"] != nil ? "description" : "display_description")
        let metadata = fields["metadata"] == nil ? nil : try CinderText.metadata(fields["metadata"])
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            var volume = try state.visibleVolume(id, auth: cinder.auth)
            if fields["name"] != nil || fields["display_name"] != nil { volume.name = name }
            if fields["description"] != nil || fields["display_description"] != nil { volume.description = description }
            if let metadata { volume.metadata = metadata }
            volume.updatedAt = cloud.now
            state.volumes[id] = volume
            return ["volume": view.detail(volume, type: state.type(nameOrID: volume.volumeTypeID), extensions: false)]
        }
        return .json(body)
    }

    static let deletableStatuses: Set<String> = ["available", "error", "error_restoring", "error_extending", "error_managing"]

    static func delete(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        let id = request.parameter("volume_id")
        let cascade = request.query.first("cascade").flatMap(FieldFilter.parseBool) ?? false
        try request.cloud.withState { cloud in
            let state = cloud.blockStorage
            var volume = try state.visibleVolume(id, auth: cinder.auth)
            let snapshots = state.snapshots.values.filter { $0.volumeID == id }
            guard deletableStatuses.contains(volume.status), volume.attachments.isEmpty, cascade || snapshots.isEmpty else {
                throw ServiceError.badRequest(
                    "Invalid volume: Volume status must be available or error or error_restoring or error_extending or "
                        + "error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a "
                        + "transfer, or be disassociated from snapshots after volume transfer.")
            }
            if let timer = volume.timer { cloud.cancelTimer(timer) }
            for snapshot in snapshots { state.removeSnapshot(snapshot.id) }
            volume.status = "deleting"
            volume.updatedAt = cloud.now
            volume.timer = cloud.schedule(after: cloud.config.timings.deleteSeconds) { cloud in
                cloud.blockStorage.removeVolume(id)
            }
            state.volumes[id] = volume
        }
        return .empty(status: 202, headers: [("Content-Type", "application/json")])
    }
}
