/// `/servers/{id}/os-volume_attachments[/{volume_id}]`: list, show, attach, detach. Attaching
/// moves the Cinder volume to in-use, detaching back to available.
enum VolumeAttachmentRoutes {
    static let root = ServerRoutes.root + "/{server_id}/os-volume_attachments"
    static let attachableStates: Set<String> = [
        VMState.active, "paused", VMState.stopped, VMState.resized, "soft-delete", "shelved", "shelved_offloaded",
    ]

    static var routes: [Route] {
        [
            Route(.get, root) { request in
                let auth = try request.requireAuth
                let id = request.parameter("server_id")
                let (limit, _) = try request.novaLimitAndMarker()
                let offset = Int(request.query.first("offset") ?? "0") ?? 0
                let records = try request.cloud.withCompute { cloud throws(ServiceError) in try visible(cloud, id, auth).volumes }
                let page = records.dropFirst(max(0, offset)).prefix(limit)
                return .json(["volumeAttachments": .array(page.map { render($0, serverID: id, version: request.version) })])
            },
            Route(.get, root + "/{volume_id}") { request in
                let auth = try request.requireAuth
                let id = request.parameter("server_id")
                let volumeID = request.parameter("volume_id")
                let record = try request.cloud.withCompute { cloud throws(ServiceError) in
                    try visible(cloud, id, auth).volumes.first { $0.volumeID == volumeID }
                }
                guard let record else { throw ServiceError.notFound("Instance \(id) is not attached to volume \(volumeID)") }
                return .json(["volumeAttachment": render(record, serverID: id, version: request.version)])
            },
            Route(.post, root) { request in try attach(request) },
            Route(.delete, root + "/{volume_id}") { request in
                let auth = try request.requireAuth
                let id = request.parameter("server_id")
                let volumeID = request.parameter("volume_id")
                try request.cloud.withCompute { cloud throws(ServiceError) in
                    let server = try visible(cloud, id, auth)
                    guard let record = server.volumes.first(where: { $0.volumeID == volumeID }) else {
                        throw .notFound("Instance \(id) is not attached to volume \(volumeID)")
                    }
                    try ComputeState.checkState(server, action: "detach_volume", vmStates: attachableStates)
                    if record.isRoot { throw .badRequest("Cannot detach a root device volume") }
                    try ComputeNeighbors.detach(volumeID, server: server, in: cloud)
                    server.volumes.removeAll { $0.volumeID == volumeID }
                    server.updated = cloud.now
                }
                return .empty(status: 202, headers: [("Content-Type", "application/json")])
            },
        ]
    }

    static func attach(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        let version = request.version
        let (body, member) = try request.novaBody("volumeAttachment")
        _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["volumeAttachment"])
        var allowed = ["volumeId", "device"]
        if version >= APIVersion(2, 49) { allowed.append("tag") }
        if version >= APIVersion(2, 79) { allowed.append("delete_on_termination") }
        let fields = try NovaValidation.object(member, key: "volumeAttachment", parent: body, allowed: allowed, required: ["volumeId"])
        let volumeValue = fields["volumeId"] ?? .null
        let volumeID = try NovaValidation.string(volumeValue, key: "volumeId")
        guard NovaValidation.isUUID(volumeID) else { throw NovaValidation.invalid("volumeId", volumeValue, "'\(volumeID)' is not a 'uuid'") }
        let tag = try fields["tag"].map { value throws(ServiceError) in try ServerSpec.parseTag(value, key: "tag") }
        let deleteOnTermination = try fields["delete_on_termination"].map { value throws(ServiceError) in
            try ServerSpec.strictBoolean(value, key: "delete_on_termination")
        } ?? false
        let record = try request.cloud.withCompute { cloud throws(ServiceError) -> VolumeAttachmentRecord in
            let server = try visible(cloud, id, auth)
            guard let volume = ComputeNeighbors.volume(volumeID, in: cloud),
                auth.isAdmin || (volume["os-vol-tenant-attr:tenant_id"]?.stringValue ?? server.projectID) == server.projectID
            else { throw .notFound("Volume \(volumeID) could not be found.") }
            try ComputeState.checkState(server, action: "attach_volume", vmStates: attachableStates)
            if server.volumes.contains(where: { $0.volumeID == volumeID }) {
                throw .badRequest("Invalid volume: volume \(volumeID) is already attached to instances: \(server.id)")
            }
            let device = try ComputeNeighbors.beginAttachment(volumeID, server: server, in: cloud)
            let record = VolumeAttachmentRecord(
                volumeID: volumeID, device: device, tag: tag, deleteOnTermination: deleteOnTermination,
                attachmentID: Identifiers.uuid(), bdmID: Identifiers.uuid(), isRoot: false)
            server.volumes.append(record)
            server.updated = cloud.now
            return record
        }
        var object: EmulatorJSONObject = [
            "id": .string(volumeID), "serverId": .string(id), "volumeId": .string(volumeID), "device": .string(record.device),
        ]
        if version >= APIVersion(2, 70) { object["tag"] = .optional(record.tag) }
        if version >= APIVersion(2, 79) { object["delete_on_termination"] = .bool(record.deleteOnTermination) }
        return .json(["volumeAttachment": .object(object)])
    }

    private static func visible(_ cloud: CloudState, _ id: String, _ auth: AuthContext) throws(ServiceError) -> Server {
        let server = try cloud.compute.server(id, auth: auth)
        guard !server.deleted else { throw .notFound("Instance \(id) could not be found.") }
        return server
    }

    /// An attachment as the list and show views write it at each microversion.
    static func render(_ record: VolumeAttachmentRecord, serverID: String, version: APIVersion) -> EmulatorJSON {
        var object = EmulatorJSONObject()
        if version < APIVersion(2, 89) { object["id"] = .string(record.volumeID) }
        object["volumeId"] = .string(record.volumeID)
        object["serverId"] = .string(serverID)
        object["device"] = .string(record.device)
        if version >= APIVersion(2, 70) { object["tag"] = .optional(record.tag) }
        if version >= APIVersion(2, 79) { object["delete_on_termination"] = .bool(record.deleteOnTermination) }
        if version >= APIVersion(2, 89) {
            object["attachment_id"] = .string(record.attachmentID)
            object["bdm_uuid"] = .string(record.bdmID)
        }
        return .object(object)
    }
}
