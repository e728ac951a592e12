import JSONValue
import LuaBridge

extension Runtime {
    /// Errors that carry data are tables: the fields a script can test (`err.status`,
    /// `err.kind`), `message` for people, and `where`, the script's file:line that made the
    /// call. tostring(err) reads "where: message".
    func makeErrorMetatable() -> Int32 {
        let stack = lua.stack
        stack.newTable(fields: 2)
        stack.push("stackrun.error")
        stack.setRawField("__name", ofTableAt: -2)
        lua.setFunction("__tostring", in: -1, name: "error.__tostring") { call in
            let stack = call.stack
            let described = stack.rawField("description", ofTableAt: 1) == .string ? stack.string(at: -1) : nil
            let message = described ?? (stack.rawField("message", ofTableAt: 1) == .string ? stack.string(at: -1) ?? "" : "error")
            let position = stack.rawField("where", ofTableAt: 1) == .string ? stack.string(at: -1) : nil
            stack.push(position.map { "\($0): \(message)" } ?? message)
            return .results(1)
        }
        return stack.ref()
    }

    /// Pushes an error table with `message`, `fields` and `position` (the script's file:line,
    /// taken when the call was made: by the time an operation fails, the task may be suspended
    /// inside a coroutine of its own).  [-0, +1]
    func pushErrorTable(message: String, fields: JSONObject, position: String?, on stack: LuaStack) {
        var object = fields
        object["message"] = JSON(message)
        if let position { object["where"] = JSON(position) }
        stack.push(.object(object))
        stack.push(ref: errorMetatable)
        stack.setMetatable(ofValueAt: -2)
    }
}
