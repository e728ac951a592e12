import JSONValue
import LuaBridge
import SystemIO

extension Runtime {
    /// The largest file `fs.read` reads into a string; bigger ones are streamed (`http.request`'s
    /// `file`, `glance.images.upload{file = ...}`), not held in memory.
    nonisolated static let largestFileRead = 512 << 20

    /// `fs.read(path)`, `fs.write(path, data [, {mode = "0600"}])`, `fs.exists(path)` and
    /// `fs.list(path)`, inside the granted paths (GrantedAccess). Each path is resolved (links,
    /// `..`) before the check, and the resolved path is what is then read or written.
    func installFileSystemLibrary() {
        let stack = lua.stack
        stack.newTable(fields: 4)
        lua.setFunction("read", in: -1, name: "fs.read", isolated { [unowned self] call throws(LuaCallError) in
            let path = try call.string(1)
            let canonical = try readablePath(path, call)
            guard let status = POSIXFile.status(canonical) else { throw fileError(path, "no such file", call) }
            // Checked before opening: opening a FIFO would wait for a writer, a device never ends.
            guard status.isRegularFile else {
                throw fileError(path, status.isDirectory ? "it is a directory (fs.list lists one)" : "not a regular file", call)
            }
            guard status.size <= Self.largestFileRead else {
                throw fileError(path, "\(status.size) bytes, over the \(Self.largestFileRead >> 20) MiB fs.read reads", call)
            }
            do throws(FileError) {
                call.stack.push(bytes: try POSIXFile.readAll(canonical))
            } catch {
                throw fileError(path, error.reason, call)
            }
            return .results(1)
        })
        lua.setFunction("write", in: -1, name: "fs.write", isolated { [unowned self] call throws(LuaCallError) in
            let path = try call.string(1)
            let data = try call.bytes(2)
            let mode = try Self.fileMode(call, 3)
            let canonical = try writablePath(path, call)
            do throws(FileError) {
                try POSIXFile.writeAtomically(data, to: canonical, permissions: mode)
            } catch {
                throw fileError(path, error.reason, call)
            }
            return .results(0)
        })
        lua.setFunction("exists", in: -1, name: "fs.exists", isolated { [unowned self] call throws(LuaCallError) in
            let canonical = try readablePath(try call.string(1), call)
            call.stack.push(POSIXFile.status(canonical) != nil)
            return .results(1)
        })
        lua.setFunction("list", in: -1, name: "fs.list", isolated { [unowned self] call throws(LuaCallError) in
            let path = try call.string(1)
            let canonical = try readablePath(path, call)
            do throws(FileError) {
                call.stack.push(.array(try POSIXFile.entries(in: canonical).sorted().map { JSON($0) }))
            } catch {
                throw fileError(path, error.reason, call)
            }
            return .results(1)
        })
        rejectUnknownNames(ofModuleAt: -1, module: "fs")
        stack.setGlobal("fs")
    }

    /// `path` resolved, when the script may read it; else the refusal, raised.
    func readablePath(_ path: String, _ call: LuaCall, alsoWithin extra: [String] = []) throws(LuaCallError) -> String {
        do {
            return try access.checkRead(path, alsoWithin: extra)
        } catch {
            throw denied(error, call)
        }
    }

    /// `path` resolved, when the script may write it; else the refusal, raised.
    func writablePath(_ path: String, _ call: LuaCall) throws(LuaCallError) -> String {
        do {
            return try access.checkWrite(path)
        } catch {
            throw denied(error, call)
        }
    }

    /// An error table of kind `file`: the path as the script wrote it, and what went wrong.
    private func fileError(_ path: String, _ reason: String, _ call: LuaCall) -> LuaCallError {
        pushErrorTable(message: "\(call.name): \(path): \(reason)",
                       fields: ["kind": "file", "path": JSON(path), "detail": JSON(reason), "function": JSON(call.name)],
                       position: call.stack.position(), on: call.stack)
        return .valueOnTop
    }

    /// `{mode = "0600"}`: the new file's permission bits, in octal as chmod takes them.
    private static func fileMode(_ call: LuaCall, _ position: Int32) throws(LuaCallError) -> UInt32? {
        guard try call.optionalTable(position) else { return nil }
        guard case .object(let options) = try call.json(position) else { return nil }
        for key in options.keys where key != "mode" { throw .argument(position, "unknown option '\(key)' (known: mode)") }
        guard let mode = options["mode"], !mode.isNull else { return nil }
        guard let text = mode.stringValue, !text.isEmpty, text.count <= 4, let bits = UInt32(text, radix: 8), bits <= 0o777 else {
            throw .argument(position, "mode must be octal permission bits in a string, such as \"0600\"")
        }
        return bits
    }
}
