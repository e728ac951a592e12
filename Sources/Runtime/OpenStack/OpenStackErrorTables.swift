import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// An OpenStackError as the Lua error value: `{kind, service, method, url, status, message,
    /// request_id, resource, where, description}`. `message` is the service's own message;
    /// tostring gives the whole story on one line.
    func pushOpenStackError(_ error: OpenStackError, function: String, position: String?, on stack: LuaStack) {
        var fields = JSONObject()
        fields["kind"] = JSON(error.kind.rawValue)
        if let service = error.service { fields["service"] = JSON(service) }
        if let method = error.method { fields["method"] = JSON(method) }
        if let url = error.url { fields["url"] = JSON(url) }
        if let status = error.status { fields["status"] = .int(Int64(status)) }
        if let requestID = error.requestID { fields["request_id"] = JSON(requestID) }
        if let resource = error.resource { fields["resource"] = resource }
        if let body = error.body { fields["body"] = body }
        fields["function"] = JSON(function)
        fields["description"] = JSON("\(function): \(error.description)")
        pushErrorTable(message: error.message, fields: fields, position: position, on: stack)
    }

    /// `err.not_found(e)`, `err.conflict(e)`, `err.cancelled(e)`, `err.kind(e)`: tests that read
    /// well in `if not ok then ... end`, for error tables and anything else.
    func installErrorHelpers() {
        let stack = lua.stack
        stack.newTable(fields: 4)
        let predicates: [(String, @LoopActor (LuaStack) -> Bool)] = [
            ("not_found", { stack in Self.field(stack, "status") == .int(404) || Self.field(stack, "kind") == "not_found" }),
            ("conflict", { stack in Self.field(stack, "status") == .int(409) }),
            ("cancelled", { stack in Self.field(stack, "cancelled") == .bool(true) }),
            ("timeout", { stack in Self.field(stack, "kind") == "timeout" }),
        ]
        for (name, test) in predicates {
            lua.setFunction(name, in: -1, name: "err.\(name)", isolated { call throws(LuaCallError) in
                call.stack.push(test(call.stack))
                return .results(1)
            })
        }
        lua.setFunction("kind", in: -1, name: "err.kind", isolated { call throws(LuaCallError) in
            if case .string(let bytes)? = Self.field(call.stack, "kind") { call.stack.push(bytes: bytes) } else { call.stack.pushNil() }
            return .results(1)
        })
        stack.setGlobal("err")
    }

    /// Field `key` of argument 1 when it is a table, as JSON (nil otherwise).
    private static func field(_ stack: LuaStack, _ key: String) -> JSON? {
        guard stack.type(at: 1) == .table else { return nil }
        stack.rawField(key, ofTableAt: 1)
        defer { stack.pop() }
        return try? stack.json(at: -1)
    }
}
