/// `/servers/{id}/metadata[/{key}]`: show, merge, replace, one item, delete.
enum ServerMetadataRoutes {
    static let root = ServerRoutes.root + "/{server_id}/metadata"

    static var routes: [Route] {
        [
            Route(.get, root) { request in
                let metadata = try read(request) { $0.metadata }
                return .json(["metadata": .object(metadata)])
            },
            Route(.post, root) { request in
                let items = try items(request, key: "metadata")
                return .json(["metadata": .object(try change(request, action: "update metadata") { server in
                    for (key, value) in items { server.metadata[key] = .string(value) }
                })])
            },
            Route(.put, root) { request in
                let items = try items(request, key: "metadata")
                return .json(["metadata": .object(try change(request, action: "update metadata") { server in
                    server.metadata = EmulatorJSONObject(items.map { ($0.0, EmulatorJSON.string($0.1)) })
                })])
            },
            Route(.get, root + "/{key}") { request in
                let key = request.parameter("key")
                let value = try read(request) { $0.metadata[key] }
                guard let value else { throw ServiceError.notFound("Metadata item was not found") }
                return .json(["meta": .object(EmulatorJSONObject([(key, value)]))])
            },
            Route(.put, root + "/{key}") { request in
                let key = request.parameter("key")
                let (body, member) = try request.novaBody("meta")
                _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["meta"])
                let pairs = try NovaValidation.metadata(member, key: "meta")
                if pairs.isEmpty { throw NovaValidation.invalid("meta", member, "{} does not have enough properties") }
                if pairs.count > 1 { throw NovaValidation.invalid("meta", member, "\(PythonRepr.repr(member)) has too many properties") }
                guard pairs[0].0 == key else { throw ServiceError.badRequest("Request body and URI mismatch") }
                _ = try change(request, action: "update metadata") { server in server.metadata[key] = .string(pairs[0].1) }
                return .json(["meta": .object(EmulatorJSONObject([(key, EmulatorJSON.string(pairs[0].1))]))])
            },
            Route(.delete, root + "/{key}") { request in
                let key = request.parameter("key")
                _ = try change(request, action: "delete metadata", missing: key) { server in server.metadata[key] = nil }
                return .empty(status: 204)
            },
        ]
    }

    private static func items(_ request: EmulatorRequest, key: String) throws(ServiceError) -> [(String, String)] {
        let (body, member) = try request.novaBody(key)
        _ = try NovaValidation.object(body, key: nil, parent: body, allowed: [key])
        return try NovaValidation.metadata(member)
    }

    private static func read<T: Sendable>(_ request: EmulatorRequest, _ body: @escaping (Server) -> T) throws -> T {
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        return try request.cloud.withCompute { cloud throws(ServiceError) in body(try cloud.compute.server(id, auth: auth)) }
    }

    /// Changes the metadata of a server in a state that allows it; 403 past the metadata quota.
    private static func change(
        _ request: EmulatorRequest, action: String, missing key: String? = nil, _ apply: @escaping (Server) -> Void
    ) throws -> EmulatorJSONObject {
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        return try request.cloud.withCompute { cloud throws(ServiceError) -> EmulatorJSONObject in
            let server = try cloud.compute.server(id, auth: auth)
            if let key, server.metadata[key] == nil { throw .notFound("Metadata item was not found") }
            try ComputeState.checkState(server, action: action, vmStates: [VMState.active, "paused", "suspended", VMState.stopped])
            let before = server.metadata
            apply(server)
            let limit = cloud.compute.quotaLimits(projectID: server.projectID)["metadata_items"] ?? -1
            if limit >= 0 && server.metadata.count > limit {
                server.metadata = before
                throw .forbidden("Maximum number of metadata items exceeds \(limit)")
            }
            server.updated = cloud.now
            return server.metadata
        }
    }
}

/// `/servers/{id}/tags[/{tag}]` (2.26 and later).
enum ServerTagRoutes {
    static let root = ServerRoutes.root + "/{server_id}/tags"
    static let maximum = 50

    static var routes: [Route] {
        [
            Route(.get, root) { request in
                let tags = try access(request, action: nil) { server throws(ServiceError) in server.tags }
                return .json(["tags": .array(tags.map(EmulatorJSON.string))])
            },
            Route(.put, root) { request in
                let (body, member) = try request.novaBody("tags")
                _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["tags"])
                let tags = try ServerSpec.parseTags(member, key: "tags")
                let result = try access(request, action: "update tags") { server throws(ServiceError) in
                    server.tags = tags.sorted()
                    return server.tags
                }
                return .json(["tags": .array(result.map(EmulatorJSON.string))])
            },
            Route(.delete, root) { request in
                _ = try access(request, action: "delete tags") { server throws(ServiceError) in
                    server.tags = []
                    return []
                }
                return .empty(status: 204)
            },
            Route(.get, root + "/{tag}") { request in
                let tag = request.parameter("tag")
                let id = request.parameter("server_id")
                let tags = try access(request, action: nil) { server throws(ServiceError) in server.tags }
                guard tags.contains(tag) else { throw ServiceError.notFound("Server \(id) has no tag '\(tag)'") }
                return .empty(status: 204)
            },
            Route(.put, root + "/{tag}") { request in
                let tag = request.parameter("tag")
                let id = request.parameter("server_id")
                let added = try access(request, action: "update tag") { server throws(ServiceError) -> [String] in
                    if tag.isEmpty || tag.count > 60 || tag.contains(",") || tag.contains("/") {
                        let reason = tag.count > 60 ? "'\(tag)' is too long" : "'\(tag)' does not match '^[^,/]*$'"
                        throw .badRequest("Tag '\(tag)' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: \(reason)")
                    }
                    if server.tags.count >= maximum {
                        throw .badRequest("The number of tags exceeded the per-server limit \(maximum)")
                    }
                    if server.tags.contains(tag) { return [] }
                    server.tags = (server.tags + [tag]).sorted()
                    return [tag]
                }
                if added.isEmpty { return .empty(status: 204) }
                return .empty(status: 201, headers: [("Location", NovaLinks.selfLink(request.baseURL, "servers", "\(id)/tags/\(tag)"))])
            },
            Route(.delete, root + "/{tag}") { request in
                let tag = request.parameter("tag")
                let id = request.parameter("server_id")
                _ = try access(request, action: "delete tag") { server throws(ServiceError) in
                    guard server.tags.contains(tag) else { throw .notFound("Instance \(id) has no tag '\(tag)'") }
                    server.tags.removeAll { $0 == tag }
                    return server.tags
                }
                return .empty(status: 204)
            },
        ]
    }

    /// Runs `body` on the server; `action` names a change, which needs a settled server.
    private static func access(
        _ request: EmulatorRequest, action: String?, _ body: @escaping (Server) throws(ServiceError) -> [String]
    ) throws -> [String] {
        guard request.atLeast(2, 26) else { throw ServiceError.notFound("The resource could not be found.") }
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        return try request.cloud.withCompute { cloud throws(ServiceError) -> [String] in
            guard let server = cloud.compute.servers[id], !server.deleted, auth.isAdmin || server.projectID == auth.projectID else {
                throw .notFound("Instance \(id) could not be found.")
            }
            if let action, ![VMState.active, "paused", "suspended", VMState.stopped].contains(server.vmState) {
                throw .conflict("Cannot '\(action)' instance \(id) while it is in vm_state \(server.vmState)")
            }
            let result = try body(server)
            if action != nil { server.updated = cloud.now }
            return result
        }
    }
}
