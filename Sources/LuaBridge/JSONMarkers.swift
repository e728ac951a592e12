internal import CLua

/// The Lua values that carry JSON meaning a plain Lua value cannot: `json.null` (a unique
/// userdata, since nil cannot be stored in a table), and the metatables that mark a table as a
/// JSON array or object (an empty table is otherwise an object). Decoded arrays carry the array
/// mark, so `[]` stays `[]` when a script sends it back.
struct JSONMarkers {
    let null: Int32
    let arrayMetatable: Int32
    let objectMetatable: Int32

    init(creatingIn stack: LuaStack) {
        _ = stack.newUserdata(size: 0)
        stack.newTable(fields: 2)
        stack.push("json.null")
        stack.setRawField("__name", ofTableAt: -2)
        stack.setMetatable(ofValueAt: -2)
        null = stack.ref()
        arrayMetatable = Self.namedTable("json.array", in: stack)
        objectMetatable = Self.namedTable("json.object", in: stack)
    }

    private static func namedTable(_ name: String, in stack: LuaStack) -> Int32 {
        stack.newTable(fields: 1)
        stack.push(name)
        stack.setRawField("__name", ofTableAt: -2)
        return stack.ref()
    }
}

extension LuaStack {
    /// Pushes `json.null`.  [-0, +1]
    public func pushJSONNull() { push(ref: owner.markers.null) }

    /// Pushes the metatable that marks arrays (`json.array`) or objects (`json.object`).  [-0, +1]
    public func pushJSONMetatable(array: Bool) {
        push(ref: array ? owner.markers.arrayMetatable : owner.markers.objectMetatable)
    }

    /// Whether the value at `index` is `json.null`.
    public func isJSONNull(at index: Int32) -> Bool {
        guard type(at: index) == .userdata else { return false }
        pushJSONNull()
        defer { pop() }
        return rawEqual(absolute(index), -1)
    }

    enum TableMark { case none, array, object }

    /// Which JSON mark, if any, the table at `index` carries.
    func jsonMark(ofTableAt index: Int32) -> TableMark {
        let table = absolute(index)
        guard pushMetatable(ofValueAt: table) else { return .none }
        defer { pop(2) }
        pushJSONMetatable(array: true)
        if rawEqual(-1, -2) { return .array }
        pop()
        pushJSONMetatable(array: false)
        if rawEqual(-1, -2) { return .object }
        return .none
    }
}

extension LuaStack {
    /// "array" or "object" when the table at `index` carries a JSON mark.
    public func jsonMarkName(ofTableAt index: Int32) -> String? {
        switch jsonMark(ofTableAt: index) {
        case .array: "array"
        case .object: "object"
        case .none: nil
        }
    }
}
