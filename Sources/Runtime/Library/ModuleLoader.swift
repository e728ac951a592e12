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
                try loadModule(name, from: path, call)
                call.stack.push(path)
                return .results(2)
            }
            throw .message("module '\(name)' not found:" + tried.map { "\n\tno file '\($0)'" }.joined())
        })
    }

    /// `recipe.run("name")`'s finder: the file of recipe `name` along the recipe path, never
    /// the script's own directory or the working directory (where a file of the same name is
    /// no recipe of that name), compiled; then its path.
    func pushRecipeFinder() {
        lua.pushFunction("recipe.run", isolated { [unowned self] call throws(LuaCallError) in
            let name = try call.string(1)
            let path = effectiveRecipePath
            guard let file = path.find(name) else {
                throw .message("no recipe named '\(name)' along the recipe path ("
                    + path.entries.map(\.directory).joined(separator: ", ") + ")")
            }
            try loadModule(name, from: file.path, call)
            call.stack.push(file.path)
            return .results(2)
        })
    }

    /// Compiles the module file at `path` onto the caller's stack, once it is found readable
    /// and, for a file of an installed recipe, unchanged since install.
    private func loadModule(_ name: String, from path: String, _ call: LuaCall) throws(LuaCallError) {
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
    }
}
