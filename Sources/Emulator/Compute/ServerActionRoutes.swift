/// `POST /servers/{id}/action`: reboot, os-stop, os-start, resize, confirmResize, revertResize
/// and os-getConsoleOutput, each allowed only in the states Nova allows it in; os-resetState (admin).
enum ServerActionRoutes {
    static var routes: [Route] {
        [Route(.post, ServerRoutes.root + "/{server_id}/action") { request in try perform(request) }]
    }

    static func perform(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("server_id")
        let body = try request.json()
        guard let object = body.objectValue, object.count == 1, let (action, argument) = object.members.first.map({ ($0.key, $0.value) }) else {
            throw ServiceError.badRequest("Malformed request body")
        }
        switch action {
        case "reboot":
            let fields = try NovaValidation.object(argument, key: "reboot", parent: body, allowed: ["type"], required: ["type"])
            let choices = ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]
            guard let type = fields["type"]?.stringValue, choices.contains(type) else {
                throw NovaValidation.invalid("type", fields["type"] ?? .null, "\(PythonRepr.repr(fields["type"] ?? .null)) is not one of \(PythonRepr.repr(.array(choices.map(EmulatorJSON.string))))")
            }
            let hard = type.uppercased() == "HARD"
            try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
                if hard {
                    try ComputeState.checkState(
                        server, action: "reboot", vmStates: [VMState.active, VMState.stopped, "paused", "suspended", VMState.error],
                        taskStates: [nil, TaskState.rebooting, "reboot_pending", "reboot_started", "resuming", TaskState.rebootingHard, "unpausing", "pausing", "suspending"])
                } else {
                    try ComputeState.checkState(server, action: "reboot", vmStates: [VMState.active])
                }
                cloud.compute.transition(server, task: hard ? TaskState.rebootingHard : TaskState.rebooting, in: cloud) { server in
                    server.vmState = VMState.active
                    server.powerState = PowerState.running
                }
            }
            return .empty(status: 202)
        case "os-stop":
            try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
                try ComputeState.checkState(server, action: "stop", vmStates: [VMState.active, VMState.error])
                cloud.compute.transition(server, task: TaskState.poweringOff, in: cloud) { server in
                    server.vmState = VMState.stopped
                    server.powerState = PowerState.shutdown
                }
            }
            return .empty(status: 202)
        case "os-start":
            try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
                try ComputeState.checkState(server, action: "start", vmStates: [VMState.stopped])
                cloud.compute.transition(server, task: TaskState.poweringOn, in: cloud) { server in
                    server.vmState = VMState.active
                    server.powerState = PowerState.running
                }
            }
            return .empty(status: 202)
        case "resize":
            return try resize(request, id: id, auth: auth, body: body, argument: argument)
        case "confirmResize":
            try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
                try ComputeState.checkState(server, action: "confirmResize", vmStates: [VMState.resized])
                server.oldFlavor = nil
                server.vmState = server.powerState == PowerState.shutdown ? VMState.stopped : VMState.active
                server.updated = cloud.now
            }
            return .empty(status: 204)
        case "revertResize":
            try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
                try ComputeState.checkState(server, action: "revertResize", vmStates: [VMState.resized])
                cloud.compute.transition(server, task: TaskState.resizeReverting, in: cloud) { server in
                    if let old = server.oldFlavor { server.flavor = old }
                    server.oldFlavor = nil
                    server.vmState = server.powerState == PowerState.shutdown ? VMState.stopped : VMState.active
                }
            }
            return .empty(status: 202)
        case "os-resetState":
            return try ServerResetState.perform(request, id: id, auth: auth, body: body, argument: argument)
        case "os-getConsoleOutput":
            return try ConsoleOutput.respond(request, id: id, auth: auth, body: body, argument: argument)
        default:
            throw ServiceError.badRequest("There is no such action: \(action)")
        }
    }

    /// Runs `change` on the caller's server under the lock.
    static func act(
        _ request: EmulatorRequest, id: String, auth: AuthContext, _ change: @escaping (Server, CloudState) throws(ServiceError) -> Void
    ) throws {
        try request.cloud.withCompute { cloud throws(ServiceError) in
            let server = try cloud.compute.server(id, auth: auth)
            guard !server.deleted else { throw .notFound("Instance \(id) could not be found.") }
            try change(server, cloud)
        }
    }

    static func resize(_ request: EmulatorRequest, id: String, auth: AuthContext, body: EmulatorJSON, argument: EmulatorJSON) throws -> EmulatorResponse {
        let fields = try NovaValidation.object(
            argument, key: "resize", parent: body, allowed: ["flavorRef", "OS-DCF:diskConfig"], required: ["flavorRef"])
        let flavorRef: String
        switch fields["flavorRef"] {
        case .int(let number): flavorRef = String(number)
        case .string(let text) where !text.isEmpty: flavorRef = text
        case let value: throw NovaValidation.invalid("flavorRef", value ?? .null, "\(PythonRepr.repr(value ?? .null)) is not of type 'string', 'integer'")
        }
        try act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
            let compute = cloud.compute
            try ComputeState.checkState(server, action: "resize", vmStates: [VMState.active, VMState.stopped])
            guard let flavor = compute.flavor(id: flavorRef), !flavor.disabled else {
                throw .badRequest("Flavor \(flavorRef) could not be found.")
            }
            guard flavor.id != server.flavor.id else { throw .badRequest("When resizing, instances must change flavor!") }
            let volumeBacked = server.imageID == nil
            if flavor.disk == 0 && !volumeBacked {
                throw .badRequest("Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.")
            }
            try compute.checkQuota(
                projectID: server.projectID,
                requested: ["cores": max(0, flavor.vcpus - server.flavor.vcpus), "ram": max(0, flavor.ram - server.flavor.ram)])
            compute.transition(server, task: TaskState.resizePrep, in: cloud) { server in
                server.oldFlavor = server.flavor
                server.flavor = flavor
                server.vmState = VMState.resized
            }
        }
        return .empty(status: 202)
    }
}
