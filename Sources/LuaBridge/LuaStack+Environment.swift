internal import CLua

extension LuaStack {
    /// Pops the top value into the first upvalue of the function at `index`: for a chunk just
    /// loaded, its `_ENV`. Returns false (and still pops) when the function has no upvalue.
    @discardableResult
    public func setFirstUpvalue(ofFunctionAt index: Int32) -> Bool {
        let function = absolute(index)
        guard lua_setupvalue(L, function, 1) != nil else {
            pop()
            return false
        }
        return true
    }

    /// Whether the function running `level` frames up is a chunk's top level (Lua's "main"):
    /// where assigning a global declares it. lua_getinfo never raises.
    public func frameIsChunkTopLevel(level: Int32) -> Bool {
        var frame = lua_Debug()
        guard lua_getstack(L, level, &frame) != 0 else { return false }
        lua_getinfo(L, "S", &frame)
        guard let what = frame.what else { return false }
        return String(cString: what) == "main"
    }
}
