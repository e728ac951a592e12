import Foundation

/// `/image/v2/images`: create (queued), show, list, update (JSON patch), delete (403 for
/// protected images), tags, and deactivate/reactivate.
enum ImageRoutes {
    static let collection = "/image/v2/images"
    static let member = collection + "/{image_id}"

    static var routes: [Route] {
        [
            Route(.post, collection) { request in try create(request) },
            Route(.get, collection) { request in try ImageListing.list(request) },
            Route(.get, member) { request in
                let auth = try request.requireAuth
                let id = request.parameter("image_id")
                return .json(try request.cloud.withState { cloud in
                    ImageView.render(try cloud.image.visibleImage(id, auth: auth))
                })
            },
            Route(.patch, member) { request in try GlanceDetailedError.answering(request) { try ImagePatch.apply(request) } },
            Route(.delete, member) { request in try delete(request) },
            Route(.put, member + "/tags/{tag}") { request in try tag(request, add: true) },
            Route(.delete, member + "/tags/{tag}") { request in try tag(request, add: false) },
            Route(.post, member + "/actions/deactivate") { request in try action(request, to: "deactivated") },
            Route(.post, member + "/actions/reactivate") { request in try action(request, to: "active") },
        ]
    }

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let body = try request.json()
        guard let fields = body.objectValue else { throw ImageProperties.schemaError("\(PythonRepr.repr(body)) is not of type 'object'") }
        var requestedID: String?
        if let value = fields["id"] {
            guard let text = value.stringValue, UUID(uuidString: text) != nil else {
                throw ImageProperties.schemaError("\(PythonRepr.repr(value)) does not match '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'")
            }
            requestedID = text.lowercased()
        }
        let result = try request.cloud.withState { cloud -> (EmulatorJSON, String) in
            let state = cloud.image
            let id = requestedID ?? Identifiers.uuid()
            if state.images[id] != nil { throw ServiceError.conflict("Image with identifier \(id) already exists!") }
            var image = ImageRecord(
                id: id, name: nil, diskFormat: nil, containerFormat: nil, visibility: "shared", size: nil, virtualSize: nil,
                status: "queued", checksum: nil, isProtected: false, minRAM: 0, minDisk: 0, owner: auth.projectID, hidden: false,
                hashAlgorithm: nil, hashValue: nil, createdAt: cloud.now, updatedAt: cloud.now, tags: [], properties: [:], data: nil)
            for (key, value) in fields where key != "id" {
                try ImageProperties.set(key, value, on: &image, auth: auth)
            }
            state.images[id] = image
            state.imageOrder.append(id)
            return (ImageView.render(image), id)
        }
        return .json(result.0, status: 201, headers: [
            ("Location", "\(request.baseURL)/image/v2/images/\(result.1)"),
            ("OpenStack-image-import-methods", "glance-direct,web-download,copy-image"),
            ("OpenStack-image-store-ids", "fs"),
        ])
    }

    static func delete(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        let path = try request.cloud.withState { cloud -> String? in
            let image = try cloud.image.visibleImage(id, auth: auth)
            guard auth.isAdmin || image.owner == auth.projectID else {
                throw ServiceError.forbidden("You are not authorized to complete delete_image action.")
            }
            if image.isProtected { throw ServiceError.forbidden("Image \(id) is protected and cannot be deleted.") }
            cloud.image.removeImage(id)
            if case .file(let path) = image.data { return path }
            return nil
        }
        // A download in progress keeps its open descriptor; the bytes go when it closes.
        if let path { unlink(path) }
        return .empty(status: 204, headers: [("Content-Type", "text/html; charset=UTF-8")])
    }

    static func tag(_ request: EmulatorRequest, add: Bool) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        let tag = request.parameter("tag")
        try request.cloud.withState { cloud in
            var image = try cloud.image.visibleImage(id, auth: auth)
            guard auth.isAdmin || image.owner == auth.projectID else {
                throw ServiceError.forbidden("You are not authorized to complete modify_image action.")
            }
            if add {
                guard tag.count <= 255 else { throw ServiceError.badRequest("Provided object does not match schema 'image': '\(tag)' is too long") }
                if !image.tags.contains(tag) { image.tags.append(tag) }
            } else {
                guard image.tags.contains(tag) else { throw ServiceError.notFound("Tag \(tag) not found") }
                image.tags.removeAll { $0 == tag }
            }
            image.updatedAt = cloud.now
            cloud.image.images[id] = image
        }
        return .empty(status: 204, headers: [("Content-Type", "text/html; charset=UTF-8")])
    }

    static func action(_ request: EmulatorRequest, to status: String) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("image_id")
        try request.cloud.withState { cloud in
            var image = try cloud.image.visibleImage(id, auth: auth)
            guard auth.isAdmin else {
                let verb = status == "active" ? "reactivate" : "deactivate"
                throw ServiceError.forbidden("You are not authorized to complete \(verb) action.")
            }
            let from = status == "active" ? "deactivated" : "active"
            guard image.status == from || image.status == status else {
                let verb = status == "active" ? "reactivate" : "deactivate"
                throw ServiceError.forbidden("Not allowed to \(verb) image in status '\(image.status)'")
            }
            image.status = status
            image.updatedAt = cloud.now
            cloud.image.images[id] = image
        }
        return .empty(status: 204, headers: [("Content-Type", "text/html; charset=UTF-8")])
    }
}
