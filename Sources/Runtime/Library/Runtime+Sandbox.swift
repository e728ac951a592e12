import LuaBridge
import Logging

extension Runtime {
    /// The sandbox's host functions, added to the prelude's `host` table at -1.
    /// `set_env(chunk, env)` gives a module's chunk its own environment. `undeclared(kind, name)`
    /// is called when code reads a global nobody set, or assigns a new one outside a chunk's top
    /// level: it reports file:line once per name and place (a warning), or, under
    /// `strictGlobals`, returns the message for the caller to raise.
    func addSandboxHostFunctions() {
        lua.setFunction("set_env", in: -1, name: "set_env", isolated { call throws(LuaCallError) in
            call.stack.pushValue(at: 2)
            call.stack.setFirstUpvalue(ofFunctionAt: 1)
            return .results(0)
        })
        lua.setFunction("undeclared", in: -1, name: "undeclared", isolated { [unowned self] call throws(LuaCallError) in
            let kind = try call.string(1)
            let name = call.stack.describe(at: 2)
            // Level 1 is the sandbox's metamethod; level 2 the code that named the global.
            if kind == "assign", call.stack.frameIsChunkTopLevel(level: 2) { return .results(0) }
            let place = call.stack.position(level: 2) ?? "?"
            let text = kind == "assign"
                ? "assignment to undeclared global '\(name)' inside a function (assign it at the chunk's top level first, or make it local)"
                : "read of undeclared global '\(name)' (misspelt? no one assigned it)"
            if strictGlobals {
                call.stack.push("\(place): \(text)")
                return .results(1)
            }
            if undeclaredReported.insert("\(kind) \(name) \(place)").inserted {
                scriptLogger.warning("\(text)", metadata: ["at": .string(place)])
            }
            return .results(0)
        })
    }

    /// Gives the chunk on top of the stack its own environment over the read-only base, as
    /// `require` does for a module: the main script's globals are its own.
    func giveOwnEnvironment(toChunkAt index: Int32) throws(LuaError) {
        let stack = lua.stack
        let chunk = stack.absolute(index)
        stack.push(ref: newEnvironmentRef)
        try lua.call(arguments: 0, results: 1)
        stack.setFirstUpvalue(ofFunctionAt: chunk)
    }
}
