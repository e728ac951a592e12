import JSONValue
import LuaBridge

extension Runtime {
    /// The host side of `require`: finds "a.b" along `package.path` (ModuleSearchPath expands
    /// it), compiles it and returns the chunk and its path. Not-found errors list every file
    /// tried, as Lua's own require does. A module found outside the host's search directories
    /// (a `package.path` the script changed) must be readable by the permissions.
    func pushModuleFinder() {
        lua.pushFunction("require", isolated { [unowned self] call throws(LuaCallError) in
            let name = try call.string(1)
            let templates = try call.string(2)
            var tried: [String] = []
            for path in ModuleSearchPath.candidates(for: name, along: templates) {
                guard FileAccess.isReadableFile(path) else {
                    tried.append(path)
                    continue
                }
                let canonical = try readablePath(path, call, alsoWithin: moduleRoots)
                if let refusal = installedRecipeRefusal(for: canonical) {
                    pushErrorTable(message: refusal, fields: ["kind": "recipe_changed", "module": JSON(name)],
                                   position: call.stack.position(level: 2), on: call.stack)
                    throw .valueOnTop
                }
                do {
                    let source = try FileAccess.read(canonical)
                    try lua.load(source, chunkName: "@\(path)", on: call.stack)
                } catch let error as FileAccess.Failure {
                    throw .message("error loading module '\(name)': \(error)")
                } catch {
                    throw .message("error loading module '\(name)': \(error)")
                }
                call.stack.push(path)
                return .results(2)
            }
            throw .message("module '\(name)' not found:" + tried.map { "\n\tno file '\($0)'" }.joined())
        })
    }
}
