import JSONValue
import LuaBridge

extension Runtime {
    /// `json.encode`, `json.decode`, `json.null`, `json.array`, `json.object`.
    func installJSONLibrary() {
        let stack = lua.stack
        stack.newTable(fields: 5)
        lua.setFunction("encode", in: -1, name: "json.encode") { call throws(LuaCallError) in
            var indent = 0
            if try call.optionalTable(2) {
                if call.stack.rawField("indent", ofTableAt: 2) != .nil_ {
                    guard let n = call.stack.integer(at: -1), n >= 0, n <= 16 else {
                        throw .argument(2, "indent must be an integer from 0 to 16")
                    }
                    indent = Int(n)
                }
                call.stack.pop()
            }
            do throws(JSONError) {
                let text = try call.stack.encodeJSON(at: 1, indent: indent)
                call.stack.push(bytes: text)
                return .results(1)
            } catch {
                throw .argument(1, error.message)
            }
        }
        lua.setFunction("decode", in: -1, name: "json.decode") { call throws(LuaCallError) in
            let stack = call.stack
            let decoded: Void?
            do throws(JSONError) {
                decoded = try stack.withBytes(at: 1) { text throws(JSONError) in try stack.pushJSON(decoding: text) }
            } catch {
                throw .message("json.decode: \(error)")
            }
            guard decoded != nil else { throw call.typeError(1, expected: "string") }
            return .results(1)
        }
        stack.pushJSONNull()
        stack.setRawField("null", ofTableAt: -2)
        for (key, isArray) in [("array", true), ("object", false)] {
            lua.setFunction(key, in: -1, name: "json.\(key)") { call throws(LuaCallError) in
                try Self.markTable(call, asArray: isArray)
            }
        }
        stack.setGlobal("json")
    }

    /// `json.array(t)` / `json.object(t)`: marks `t` (or a new table) and returns it.
    private static func markTable(_ call: LuaCall, asArray: Bool) throws(LuaCallError) -> LuaReturn {
        let stack = call.stack
        if call.isAbsent(1) {
            stack.newTable()
        } else {
            try call.table(1)
            if stack.pushMetatable(ofValueAt: 1) {
                stack.pop()
                if stack.jsonMarkName(ofTableAt: 1) == nil {
                    throw .argument(1, "table already has a metatable")
                }
            }
            stack.setTop(1)
        }
        stack.pushJSONMetatable(array: asArray)
        stack.setMetatable(ofValueAt: -2)
        return .results(1)
    }
}
