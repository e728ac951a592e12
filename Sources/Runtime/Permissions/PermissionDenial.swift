import JSONValue
import LuaBridge

/// A refusal: what was asked for, which capability it needs, and the flag that grants it (none
/// for what is never granted). Raised as an error table of kind `permission_denied` before
/// anything is done; uncaught, the run exits with 77 (EX_NOPERM).
struct PermissionDenial: Error, Sendable, Equatable {
    enum Capability: String, Sendable {
        case read, write, env, net, exec
    }

    let capability: Capability
    /// The path, variable, host or program asked for, as the check saw it.
    let target: String
    /// `--allow-read=/srv/data`: what would grant it; nil when nothing can.
    let flag: String?
    /// Why, for people: "no read permission for /srv/data/x".
    let reason: String

    func message(function: String) -> String {
        guard let flag else { return "\(function): \(reason)" }
        return "\(function): \(reason): run with \(flag) to grant it"
    }

    func fields(function: String) -> JSONObject {
        var fields: JSONObject = ["kind": "permission_denied", "capability": JSON(capability.rawValue),
                                  "target": JSON(target), "function": JSON(function)]
        if let flag { fields["flag"] = JSON(flag) }
        return fields
    }
}

extension Runtime {
    /// Pushes the error table of a refusal, located at the calling script's line; the binding
    /// then throws `.valueOnTop`.  [-0, +1]
    func pushDenial(_ denial: PermissionDenial, function: String, on stack: LuaStack, level: Int32 = 1) {
        pushErrorTable(message: denial.message(function: function), fields: denial.fields(function: function),
                       position: stack.position(level: level), on: stack)
    }

    /// The thrown form, for a binding: `throw denied(denial, call)`.
    func denied(_ denial: PermissionDenial, _ call: LuaCall) -> LuaCallError {
        pushDenial(denial, function: call.name, on: call.stack)
        return .valueOnTop
    }
}
