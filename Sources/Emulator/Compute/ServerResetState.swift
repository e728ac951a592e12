/// Nova's admin action `os-resetState`: `{"os-resetState": {"state": "error"}}` sets the
/// server's vm_state to `error` or `active` and clears its task state, whatever it was doing,
/// as `nova reset-state` does. Tests use it to break a healthy server (a host that died).
enum ServerResetState {
    static let states = ["active", "error"]

    static func perform(_ request: EmulatorRequest, id: String, auth: AuthContext, body: EmulatorJSON, argument: EmulatorJSON) throws -> EmulatorResponse {
        guard auth.isAdmin else {
            throw ServiceError.forbidden("Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.")
        }
        let fields = try NovaValidation.object(argument, key: "os-resetState", parent: body, allowed: ["state"], required: ["state"])
        guard let state = fields["state"]?.stringValue, states.contains(state) else {
            let value = fields["state"] ?? .null
            throw NovaValidation.invalid("state", value, "\(PythonRepr.repr(value)) is not one of \(PythonRepr.repr(.array(states.map(EmulatorJSON.string))))")
        }
        try ServerActionRoutes.act(request, id: id, auth: auth) { server, cloud throws(ServiceError) in
            // Whatever transition was under way is abandoned, as Nova's reset leaves it.
            if let pending = server.pendingTimer { cloud.cancelTimer(pending) }
            server.pendingTimer = nil
            server.vmState = state
            server.taskState = nil
            server.updated = cloud.now
        }
        return .empty(status: 202)
    }
}
