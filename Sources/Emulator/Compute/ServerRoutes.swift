/// `/servers`: create, list, detail, show, update, delete.
enum ServerRoutes {
    static let root = "/compute/v2.1/servers"

    static var routes: [Route] {
        [
            Route(.post, root) { request in try create(request) },
            Route(.get, root) { request in try ServerListing(request: request, auth: try request.requireAuth).respond(detailed: false) },
            Route(.get, root + "/detail") { request in
                try ServerListing(request: request, auth: try request.requireAuth).respond(detailed: true)
            },
            Route(.get, root + "/{server_id}") { request in
                let auth = try request.requireAuth
                let id = request.parameter("server_id")
                let view = ServerView(baseURL: request.baseURL, version: request.version, isAdmin: auth.isAdmin)
                let body = try request.cloud.withCompute { cloud throws(ServiceError) -> EmulatorJSON in
                    let server = try cloud.compute.server(id, auth: auth)
                    return view.render(server, related: ComputeNeighbors.related(server, in: cloud), kind: .show)
                }
                return .json(["server": body])
            },
            Route(.put, root + "/{server_id}") { request in try update(request) },
            Route(.delete, root + "/{server_id}") { request in
                let auth = try request.requireAuth
                let id = request.parameter("server_id")
                try request.cloud.withCompute { cloud throws(ServiceError) in
                    let server = try cloud.compute.server(id, auth: auth)
                    guard !server.deleted else { throw .notFound("Instance \(id) could not be found.") }
                    if server.locked && !auth.isAdmin { throw .conflict("Instance \(id) is locked") }
                    cloud.compute.delete(server, in: cloud)
                }
                return .empty(status: 204, headers: [("Content-Type", "application/json")])
            },
        ]
    }

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let spec = try ServerSpec(body: try request.json(), version: request.version)
        if (spec.imageRef ?? "").isEmpty && spec.blockDevices.isEmpty { throw ServiceError.badRequest("Missing imageRef attribute") }
        let creation = ServerCreation(spec: spec, auth: auth, version: request.version)
        let created = try request.cloud.withCompute { cloud throws(ServiceError) in try creation.run(in: cloud) }
        if spec.returnReservationID { return .json(["reservation_id": .string(created.reservationID)], status: 202) }
        let groups = (spec.securityGroups.isEmpty ? ["default"] : spec.securityGroups).map { EmulatorJSON.object(["name": .string($0)]) }
        let password = spec.adminPass ?? ServerCreation.randomText(12, from: "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        let body: EmulatorJSON = [
            "server": [
                "id": .string(created.id), "links": NovaLinks.pair(request.baseURL, "servers", created.id),
                "OS-DCF:diskConfig": .string(spec.diskConfig), "security_groups": .array(groups), "adminPass": .string(password),
            ]
        ]
        return .json(body, status: 202, headers: [("location", NovaLinks.selfLink(request.baseURL, "servers", created.id))])
    }

    static func update(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        let version = request.version
        let (body, member) = try request.novaBody("server")
        _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["server"])
        var allowed = ["name", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6"]
        if version >= APIVersion(2, 19) { allowed.append("description") }
        if version >= APIVersion(2, 90) { allowed.append("hostname") }
        let fields = try NovaValidation.object(member, key: "server", parent: body, allowed: allowed)
        var changes = ServerChanges()
        for (key, value) in fields {
            switch key {
            case "name": changes.name = try NovaValidation.name(value)
            case "OS-DCF:diskConfig":
                guard let text = value.stringValue, ["AUTO", "MANUAL"].contains(text) else {
                    throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is not one of ['AUTO', 'MANUAL']")
                }
                changes.diskConfig = text
            case "accessIPv4":
                let text = try NovaValidation.string(value, key: key)
                guard IPText.isIPv4(text) else { throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is not a 'ipv4'") }
                changes.accessIPv4 = text
            case "accessIPv6":
                let text = try NovaValidation.string(value, key: key)
                guard IPText.isIPv6(text) else { throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is not a 'ipv6'") }
                changes.accessIPv6 = text
            case "description":
                changes.descriptionGiven = true
                changes.description = value.isNull ? nil : try NovaValidation.string(value, key: key, maxLength: 255)
            case "hostname":
                changes.hostname = try NovaValidation.string(value, key: key, minLength: 2, maxLength: 63)
            default: break
            }
        }
        let view = ServerView(baseURL: request.baseURL, version: version, isAdmin: auth.isAdmin)
        let rendered = try request.cloud.withCompute { cloud throws(ServiceError) -> EmulatorJSON in
            let server = try cloud.compute.server(id, auth: auth)
            if fields["name"] != nil { server.name = changes.name }
            if fields["OS-DCF:diskConfig"] != nil { server.diskConfig = changes.diskConfig }
            if fields["accessIPv4"] != nil { server.accessIPv4 = changes.accessIPv4 }
            if fields["accessIPv6"] != nil { server.accessIPv6 = changes.accessIPv6 }
            if changes.descriptionGiven { server.description = changes.description }
            if let hostname = changes.hostname { server.hostname = hostname }
            server.updated = cloud.now
            return view.render(server, related: ComputeNeighbors.related(server, in: cloud), kind: .update)
        }
        return .json(["server": rendered])
    }
}

/// The members of a `PUT /servers/{id}` body.
private struct ServerChanges {
    var name = ""
    var diskConfig = "MANUAL"
    var accessIPv4 = ""
    var accessIPv6 = ""
    var description: String?
    var descriptionGiven = false
    var hostname: String?
}
