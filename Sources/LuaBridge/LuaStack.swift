internal import CLua
internal import CStackrun
public import JSONValue

/// Raw access to the stack of one Lua thread. Everything here is safe to call from Swift: it uses
/// only accessors that cannot raise (no metamethods, no `luaL_check*`); allocation failures end
/// the process (see sr_newstate), so pushes cannot longjmp either.
///
/// Each method's effect on the stack is given in the notation of the Lua manual: `[-o, +p]`.
public struct LuaStack {
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    /// The number of values on the stack.  [-0, +0]
    public var top: Int32 { lua_gettop(L) }

    /// Sets the stack height, dropping or nil-filling.  [-?, +?]
    public func setTop(_ index: Int32) { lua_settop(L, index) }

    /// Removes `count` values from the top.  [-n, +0]
    public func pop(_ count: Int32 = 1) { sr_pop(L, count) }

    /// Makes room for `count` more values; false if the stack cannot grow that far.
    @discardableResult
    public func reserve(_ count: Int32) -> Bool { lua_checkstack(L, count) != 0 }

    public func absolute(_ index: Int32) -> Int32 { lua_absindex(L, index) }

    public func type(at index: Int32) -> LuaType { LuaType(rawValue: lua_type(L, index)) ?? .none }

    /// The type name Lua would print in an argument error: a userdata's `__name` if it has one.  [-0, +0]
    public func typeName(at index: Int32) -> String {
        let kind = type(at: index)
        if kind == .userdata || kind == .table, lua_getmetatable(L, index) != 0 {
            let name = rawField("__name", ofTableAt: -1) == .string ? string(at: -1) : nil
            pop(2)
            if let name { return name }
        }
        if kind == .lightUserdata { return "light userdata" }
        return kind.name
    }

    // MARK: Reading values (never converting: a number is not read as a string, nor the reverse)

    public func isInteger(at index: Int32) -> Bool { lua_isinteger(L, index) != 0 }

    public func integer(at index: Int32) -> Int64? {
        var ok: Int32 = 0
        let value = lua_tointegerx(L, index, &ok)
        return ok != 0 && type(at: index) == .number ? value : nil
    }

    public func number(at index: Int32) -> Double? {
        guard type(at: index) == .number else { return nil }
        return lua_tonumberx(L, index, nil)
    }

    public func boolean(at index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// The bytes of a string value (not of a number: lua_tolstring would convert it in place).
    public func bytes(at index: Int32) -> [UInt8]? {
        guard type(at: index) == .string else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Lends the bytes of a string value without copying them; they stay valid while the value
    /// is on the stack. Nil for a non-string.
    public func withBytes<T>(at index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONError) -> T) throws(JSONError) -> T? {
        guard type(at: index) == .string else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return try pointer.withMemoryRebound(to: UInt8.self, capacity: length) { start throws(JSONError) in
            try body(UnsafeBufferPointer(start: start, count: length))
        }
    }

    /// A string value decoded as UTF-8 (invalid sequences repaired; for messages and names).
    public func string(at index: Int32) -> String? {
        guard type(at: index) == .string else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    public func pointer(at index: Int32) -> UnsafeRawPointer? { lua_topointer(L, index) }

    public func thread(at index: Int32) -> OpaquePointer? { lua_tothread(L, index) }

    public func userdata(at index: Int32) -> UnsafeMutableRawPointer? { lua_touserdata(L, index) }

    public func rawEqual(_ a: Int32, _ b: Int32) -> Bool { lua_rawequal(L, a, b) != 0 }

    /// The raw length of a string or table (`#` without `__len`).
    public func rawLength(at index: Int32) -> Int { Int(lua_rawlen(L, index)) }

    /// `tostring(value)`, honouring `__tostring`; a failing `__tostring` yields its error text.
    public func describe(at index: Int32) -> String {
        _ = sr_tostring(L, index)
        defer { pop() }
        return string(at: -1) ?? "?"
    }

    // MARK: Pushing values  [-0, +1]

    public func pushNil() { lua_pushnil(L) }
    public func push(_ value: Bool) { lua_pushboolean(L, value ? 1 : 0) }
    public func push(_ value: Int64) { lua_pushinteger(L, value) }
    public func push(_ value: Int) { lua_pushinteger(L, Int64(value)) }
    public func push(_ value: Double) { lua_pushnumber(L, value) }
    public func pushValue(at index: Int32) { lua_pushvalue(L, index) }
    public func pushLightUserdata(_ pointer: UnsafeMutableRawPointer) { lua_pushlightuserdata(L, pointer) }

    public func push(_ value: String) {
        var value = value
        value.withUTF8 { pushBytes($0) }
    }

    public func push(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { pushBytes($0) } }

    public func pushBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
    }

    /// A new table with room for `array` sequence elements and `fields` other fields.
    public func newTable(array: Int32 = 0, fields: Int32 = 0) { lua_createtable(L, array, fields) }

    /// A new full userdata of `size` bytes with no user values; returns its memory.
    public func newUserdata(size: Int) -> UnsafeMutableRawPointer { lua_newuserdatauv(L, size, 0) }

    // MARK: Tables, raw (no metamethods)

    /// Pushes `table[key]`, raw; returns its type.  [-0, +1]
    @discardableResult
    public func rawField(_ key: String, ofTableAt index: Int32) -> LuaType {
        let table = absolute(index)
        push(key)
        return LuaType(rawValue: lua_rawget(L, table)) ?? .none
    }

    /// Pushes `table[n]`, raw; returns its type.  [-0, +1]
    @discardableResult
    public func rawIndex(_ n: Int64, ofTableAt index: Int32) -> LuaType {
        LuaType(rawValue: lua_rawgeti(L, index, n)) ?? .none
    }

    /// `table[key] = top`, raw; pops the value.  [-1, +0]
    public func setRawField(_ key: String, ofTableAt index: Int32) {
        let table = absolute(index)
        push(key)
        sr_insert(L, -2)
        lua_rawset(L, table)
    }

    /// `table[n] = top`, raw; pops the value.  [-1, +0]
    public func setRawIndex(_ n: Int64, ofTableAt index: Int32) { lua_rawseti(L, index, n) }

    /// `table[key] = value` for the key and value on top, raw; pops both.  [-2, +0]
    public func rawSet(tableAt index: Int32) { lua_rawset(L, index) }

    /// Iterates a table raw: pushes the next key and value, or returns false (key popped).
    /// Start with a nil key on the stack.  [-1, +(2|0)]
    public func next(tableAt index: Int32) -> Bool { lua_next(L, index) != 0 }

    /// Sets the metatable of the value at `index` to the table on top (popped).  [-1, +0]
    public func setMetatable(ofValueAt index: Int32) { lua_setmetatable(L, index) }

    /// Pushes the metatable of the value at `index`, if it has one.  [-0, +(0|1)]
    public func pushMetatable(ofValueAt index: Int32) -> Bool { lua_getmetatable(L, index) != 0 }

    // MARK: Registry references

    /// Pops the top value and anchors it in the registry; returns its reference.  [-1, +0]
    public func ref() -> Int32 { luaL_ref(L, sr_registryindex()) }

    /// Pushes the value anchored at `ref`.  [-0, +1]
    public func push(ref: Int32) { lua_rawgeti(L, sr_registryindex(), Int64(ref)) }

    public func unref(_ ref: Int32) { luaL_unref(L, sr_registryindex(), ref) }

    // MARK: Globals, raw

    /// Pushes the global table.  [-0, +1]
    public func pushGlobals() { sr_pushglobaltable(L) }

    /// `_G[name] = top`, raw; pops the value.  [-1, +0]
    public func setGlobal(_ name: String) {
        pushGlobals()
        sr_insert(L, -2)
        setRawField(name, ofTableAt: -2)
        pop()
    }

    /// Pushes `_G[name]`, raw; returns its type.  [-0, +1]
    @discardableResult
    public func pushGlobal(_ name: String) -> LuaType {
        pushGlobals()
        let kind = rawField(name, ofTableAt: -1)
        sr_remove(L, -2)
        return kind
    }

    /// Moves the top value to `index`, shifting the values above up.  [-1, +1]
    public func insert(at index: Int32) { sr_insert(L, index) }

    /// Removes the value at `index`, shifting down.  [-1, +0]
    public func remove(at index: Int32) { sr_remove(L, index) }

    /// Moves `count` values from the top of this stack to another thread's stack.  [-n, +0]
    public func move(_ count: Int32, to other: LuaStack) { lua_xmove(L, other.L, count) }
}

extension LuaStack {
    /// "chunk:line" of the nearest Lua code at or above `level` calls up (1: the caller of the
    /// running C function), or nil when there is none. Searching upward means that a binding
    /// called straight from `pcall(nova.get, id)` still names the line of that pcall.
    public func position(level: Int32 = 1) -> String? {
        var frame = lua_Debug()
        var level = level
        while lua_getstack(L, level, &frame) != 0 {
            // "S" and "l": the source and the current line (lua_getinfo never raises).
            lua_getinfo(L, "Sl", &frame)
            if frame.currentline > 0 {
                let source = withUnsafeBytes(of: frame.short_src) { bytes in
                    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                return "\(source):\(frame.currentline)"
            }
            level += 1
        }
        return nil
    }
}
