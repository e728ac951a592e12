internal import CLua
internal import CStackrun

extension LuaState {
    /// Compiles Lua source text and pushes the function onto `target` (the main stack by
    /// default). `chunkName` is what messages show: "@path" for a file, "=name" otherwise.
    /// A first line starting with '#' (a shebang) is skipped, as lua.c does, keeping line
    /// numbers. Syntax errors throw "file:line: message".  [-0, +1]
    public func load(_ source: [UInt8], chunkName: String, on target: LuaStack? = nil) throws(LuaError) {
        let target = target ?? stack
        var text = source
        if text.first == UInt8(ascii: "#") {
            let end = text.firstIndex(of: 0x0A) ?? text.endIndex
            text.replaceSubrange(text.startIndex..<end, with: [])
        }
        text.append(0) // so the buffer is never empty and its address never nil
        let status = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                sr_load(target.L, chars.baseAddress!, chars.count - 1, chunkName)
            }
        }
        guard status == LUA_OK else {
            let message = target.string(at: -1) ?? "cannot load \(chunkName)"
            target.pop()
            throw LuaError(message)
        }
    }

    /// Loads bytecode this build compiled (the prelude) and pushes the function onto the main
    /// stack. Never for bytes from elsewhere: Lua trusts a binary chunk's consistency, which is
    /// why `load` takes text only.  [-0, +1]
    public func loadOwnBytecode(_ bytecode: [UInt8], chunkName: String) throws(LuaError) {
        let status = bytecode.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                sr_load_own_bytecode(stack.L, chars.baseAddress!, chars.count, chunkName)
            }
        }
        guard status == LUA_OK else {
            let message = stack.string(at: -1) ?? "cannot load \(chunkName)"
            stack.pop()
            throw LuaError(message)
        }
    }

    /// Calls the function below the top `arguments` values on the main stack, protected, with a
    /// traceback on error. Leaves `results` values (or throws). For code that cannot yield;
    /// scripts run as coroutines (see the Runtime's scheduler).
    public func call(arguments: Int32 = 0, results: Int32 = 0) throws(LuaError) {
        guard stack.top > arguments else { throw LuaError("nothing to call: the stack holds no function") }
        guard sr_pcall_traceback(stack.L, arguments, results) == LUA_OK else {
            let text = stack.string(at: -1) ?? "error"
            stack.pop()
            let parts = text.split(separator: "\nstack traceback:", maxSplits: 1)
            throw LuaError(String(parts[0]), traceback: parts.count > 1 ? "stack traceback:" + parts[1] : nil)
        }
    }
}
