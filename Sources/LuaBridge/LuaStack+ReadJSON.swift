internal import CLua
public import JSONValue

extension LuaStack {
    /// Converts the Lua value at `index` to JSON.
    ///
    /// A table whose keys are exactly 1...n is an array; any other keys make an object (integer
    /// keys become their decimal text); an empty table is an object unless marked with
    /// `json.array()`. Object members come out sorted by key, so the same table always gives
    /// the same text. Fails, naming where in the value, on cycles, functions, userdata other
    /// than `json.null`, non-finite numbers and keys that are neither strings nor integers.
    /// String values are kept as bytes (the encoder checks they are UTF-8; `encodeJSON(at:)`
    /// says where one is not); keys must be UTF-8, since they become Swift strings and
    /// replacing their bytes would lose them.
    public func json(at index: Int32) throws(JSONError) -> JSON {
        var reader = LuaJSONReader(stack: self)
        return try reader.read(at: absolute(index))
    }
}

private struct LuaJSONReader {
    let stack: LuaStack
    var path = LuaJSONPath()

    func failure(_ message: String) -> JSONError { path.failure(message) }

    mutating func read(at index: Int32) throws(JSONError) -> JSON {
        switch stack.type(at: index) {
        case .nil_, .none: return .null
        case .boolean: return .bool(stack.boolean(at: index))
        case .number:
            if let integer = stack.integer(at: index), stack.isInteger(at: index) { return .int(integer) }
            let number = stack.number(at: index) ?? .nan
            guard number.isFinite else { throw failure("cannot encode \(JSON.nonFiniteName(number)) as JSON") }
            return .float(number)
        case .string: return .string(stack.bytes(at: index) ?? [])
        case .table: return try readTable(at: index)
        case .userdata where stack.isJSONNull(at: index): return .null
        case let other:
            throw failure("cannot encode a \(other == .userdata ? stack.typeName(at: index) : other.name) value as JSON")
        }
    }

    private mutating func readTable(at index: Int32) throws(JSONError) -> JSON {
        guard let identity = stack.pointer(at: index) else { return .null }
        try path.enter(identity)
        defer { path.leave() }
        guard stack.reserve(4) else { throw failure("table nested too deeply") }
        switch try LuaTableLayout.of(tableAt: index, on: stack, path: path) {
        case .array(let count):
            var elements: [JSON] = []
            elements.reserveCapacity(Int(count))
            var position: Int64 = 1
            while position <= count {
                stack.rawIndex(position, ofTableAt: index)
                path.keys.append(.index(position))
                elements.append(try readPopping())
                path.keys.removeLast()
                position += 1
            }
            return .array(elements)
        case .object(let keys):
            var members = JSONObject(minimumCapacity: keys.count)
            for key in keys {
                key.pushValue(ofTableAt: index, on: stack)
                path.keys.append(key.pathKey)
                members.members.append((key.text, try readPopping()))
                path.keys.removeLast()
            }
            return .object(members)
        }
    }

    /// Reads the value on top and pops it, whether or not reading fails.
    private mutating func readPopping() throws(JSONError) -> JSON {
        defer { stack.pop() }
        return try read(at: stack.top)
    }
}
