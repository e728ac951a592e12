import LuaBridge
import Logging

extension Runtime {
    /// `os.getenv(name)` as the permissions allow: a granted variable's value (or nil when it is
    /// not set), nil for a variable whose name holds a secret whatever is granted (with one
    /// warning per name, so that a script missing its password says why), and a
    /// `permission_denied` error for any other. The rest of `os` (time, clock, date, difftime)
    /// is Lua's own; lua_state.c keeps nothing else of it.
    func installOSLibrary() {
        let stack = lua.stack
        guard stack.pushGlobal("os") == .table else { return stack.pop() }
        lua.setFunction("getenv", in: -1, name: "os.getenv", isolated { [unowned self] call throws(LuaCallError) in
            let name = try call.string(1)
            switch access.checkEnvironment(name) {
            case .granted:
                if let value = environment(name) { call.stack.push(value) } else { call.stack.pushNil() }
            case .secret:
                if secretNamesAsked.insert(name).inserted {
                    var metadata: Logger.Metadata = [:]
                    if let position = call.stack.position() { metadata["at"] = .string(position) }
                    let text = "os.getenv: \(name) holds a secret, which scripts never read (nil); stackrun signs in to the clouds itself"
                    scriptLogger.warning("\(text)", metadata: metadata)
                }
                call.stack.pushNil()
            case .denied(let denial):
                throw denied(denial, call)
            }
            return .results(1)
        })
        stack.pop()
    }
}
