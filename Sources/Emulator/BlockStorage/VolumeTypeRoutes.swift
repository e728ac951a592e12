/// `/volume/v3/{project_id}/types`: list, show (by id, or `default`), and for admins create
/// and delete. `__DEFAULT__` always exists and cannot be deleted.
enum VolumeTypeRoutes {
    static let collection = "/volume/v3/{project_id}/types"

    static var routes: [Route] {
        [
            Route(.get, collection) { request in
                let cinder = try CinderRequest(request)
                let view = cinder.view
                let types = try request.cloud.withState { cloud in
                    cloud.blockStorage.types.filter { $0.isPublic || cinder.auth.isAdmin }.map { view.volumeType($0, listed: true) }
                }
                return .json(["volume_types": .array(types)])
            },
            Route(.get, collection + "/{type_id}") { request in
                let cinder = try CinderRequest(request)
                let id = request.parameter("type_id")
                let view = cinder.view
                let type = try request.cloud.withState { cloud -> EmulatorJSON in
                    let state = cloud.blockStorage
                    let found = id == "default" ? state.defaultType : state.types.first { $0.id == id }
                    guard let found else { throw ServiceError.notFound("Volume type \(id) could not be found.") }
                    return view.volumeType(found, listed: false)
                }
                return .json(["volume_type": type])
            },
            Route(.post, collection) { request in try create(request) },
            Route(.delete, collection + "/{type_id}") { request in try delete(request) },
        ]
    }

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        guard cinder.auth.isAdmin else {
            throw ServiceError.forbidden("Policy doesn't allow volume_extension:types_manage to be performed.")
        }
        let fields = try cinder.bodyObject("volume_type")
        guard let name = try CinderText.optionalString(fields, "name"), !name.trimmingSpaces.isEmpty else {
            throw ServiceError.badRequest("'name' is a required property")
        }
        let description = try CinderText.optionalString(fields, "description")
        let extraSpecs = try CinderText.metadata(fields["extra_specs"], field: "extra_specs")
        let isPublic = fields["os-volume-type-access:is_public"]?.boolValue ?? fields["is_public"]?.boolValue ?? true
        let view = cinder.view
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let state = cloud.blockStorage
            guard !state.types.contains(where: { $0.name == name }) else {
                throw ServiceError.conflict("Volume Type \(name) already exists.")
            }
            let type = VolumeType(id: Identifiers.uuid(), name: name, description: description, isPublic: isPublic, extraSpecs: extraSpecs)
            state.types.append(type)
            return ["volume_type": view.volumeType(type, listed: false)]
        }
        return .json(body)
    }

    static func delete(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let cinder = try CinderRequest(request)
        guard cinder.auth.isAdmin else {
            throw ServiceError.forbidden("Policy doesn't allow volume_extension:types_manage to be performed.")
        }
        let id = request.parameter("type_id")
        try request.cloud.withState { cloud in
            let state = cloud.blockStorage
            guard let index = state.types.firstIndex(where: { $0.id == id }) else {
                throw ServiceError.notFound("Volume type \(id) could not be found.")
            }
            guard index != 0 else { throw ServiceError.badRequest("Default volume type can not be deleted.") }
            guard !state.volumes.values.contains(where: { $0.volumeTypeID == id }) else {
                throw ServiceError.badRequest("Target volume type is still in use.")
            }
            state.types.remove(at: index)
        }
        return .empty(status: 202, headers: [("Content-Type", "application/json")])
    }
}
