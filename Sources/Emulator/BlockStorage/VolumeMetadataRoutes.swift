/// `/volumes/{id}/metadata`: show, merge (POST), replace (PUT), and one key (GET, PUT, DELETE).
enum VolumeMetadataRoutes {
    static let base = VolumeRoutes.member + "/metadata"

    static var routes: [Route] {
        [
            Route(.get, base) { request in
                .json(["metadata": .object(try edit(request) { _ in } ?? [:])])
            },
            Route(.post, base) { request in
                let cinder = try CinderRequest(request)
                let metadata = try CinderText.metadata(.object(try cinder.bodyObject("metadata")))
                let result = try edit(request) { current in for (key, value) in metadata { current[key] = value } }
                return .json(["metadata": .object(result ?? [:])])
            },
            Route(.put, base) { request in
                let cinder = try CinderRequest(request)
                let metadata = try CinderText.metadata(.object(try cinder.bodyObject("metadata")))
                let result = try edit(request) { current in current = metadata }
                return .json(["metadata": .object(result ?? [:])])
            },
            Route(.get, base + "/{key}") { request in
                let key = request.parameter("key")
                let result = try edit(request) { _ in } ?? [:]
                guard let value = result[key] else {
                    throw ServiceError.notFound("Volume \(request.parameter("volume_id")) has no metadata with key \(key).")
                }
                return .json(["meta": .object(EmulatorJSONObject([(key, value)]))])
            },
            Route(.put, base + "/{key}") { request in
                let cinder = try CinderRequest(request)
                let key = request.parameter("key")
                let meta = try CinderText.metadata(.object(try cinder.bodyObject("meta")), field: "meta")
                guard meta.count == 1, let value = meta[key] else { throw ServiceError.badRequest("Request body and URI mismatch") }
                _ = try edit(request) { current in current[key] = value }
                return .json(["meta": .object(EmulatorJSONObject([(key, value)]))])
            },
            Route(.delete, base + "/{key}") { request in
                let key = request.parameter("key")
                let volumeID = request.parameter("volume_id")
                _ = try edit(request) { current in
                    guard current[key] != nil else {
                        throw ServiceError.notFound("Volume \(volumeID) has no metadata with key \(key).")
                    }
                    current[key] = nil
                }
                return .empty(status: 200, headers: [("Content-Type", "application/json")])
            },
        ]
    }

    /// Applies `change` to the volume's metadata under the lock; returns the metadata after it.
    static func edit(_ request: EmulatorRequest, _ change: @escaping (inout EmulatorJSONObject) throws -> Void) throws -> EmulatorJSONObject? {
        let cinder = try CinderRequest(request)
        let id = request.parameter("volume_id")
        return try request.cloud.withState { cloud -> EmulatorJSONObject in
            var volume = try cloud.blockStorage.visibleVolume(id, auth: cinder.auth)
            var metadata = volume.metadata
            try change(&metadata)
            if metadata != volume.metadata {
                volume.metadata = metadata
                volume.updatedAt = cloud.now
                cloud.blockStorage.volumes[id] = volume
            }
            return metadata
        }
    }
}
