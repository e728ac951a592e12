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

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { LuaJSONPath.isUTF8($0) }
    }

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

        let mark = stack.jsonMark(ofTableAt: index)
        var integerMembers: [(Int64, JSON)] = []
        var stringMembers: [(key: String, value: JSON)] = []
        var largestIndex: Int64 = 0
        var smallestIndex: Int64 = .max
        stack.pushNil()
        while stack.next(tableAt: index) {
            // Key at -2, value at -1. Keys are only read, never converted in place.
            if stack.type(at: -2) == .number, let n = stack.integer(at: -2) {
                path.keys.append(.index(n))
                integerMembers.append((n, try readPopping()))
                largestIndex = max(largestIndex, n)
                smallestIndex = min(smallestIndex, n)
            } else if stack.type(at: -2) == .string {
                let bytes = stack.bytes(at: -2) ?? []
                guard Self.isUTF8(bytes) else {
                    stack.pop(2)
                    throw failure("cannot encode a table key that is not valid UTF-8 as JSON")
                }
                let name = String(decoding: bytes, as: UTF8.self)
                path.keys.append(.name(name))
                stringMembers.append((name, try readPopping()))
            } else {
                let kind = stack.typeName(at: -2)
                stack.pop(2)
                throw failure("cannot encode a table key of type \(kind) as JSON")
            }
            path.keys.removeLast()
        }
        // Table keys are distinct, so n of them, all at least 1 and none above n, are 1...n.
        let isSequence = stringMembers.isEmpty && smallestIndex >= 1 && largestIndex == Int64(integerMembers.count)
        switch mark {
        case .array:
            guard isSequence else { throw failure("table marked as json.array has keys other than 1...n") }
            return .array(ordered(integerMembers))
        case .none where isSequence && !integerMembers.isEmpty:
            return .array(ordered(integerMembers))
        case .none, .object:
            for (n, value) in integerMembers { stringMembers.append((String(n), value)) }
            stringMembers.sort { $0.key < $1.key }
            return .object(JSONObject(stringMembers))
        }
    }

    /// Reads the value on top (iteration's value slot) and pops it, leaving the key.
    private mutating func readPopping() throws(JSONError) -> JSON {
        do {
            let value = try read(at: stack.top)
            stack.pop()
            return value
        } catch {
            stack.pop(2) // value and key: the iteration stops here
            throw error
        }
    }

    private func ordered(_ members: [(Int64, JSON)]) -> [JSON] {
        var elements = [JSON](repeating: .null, count: members.count)
        for (n, value) in members { elements[Int(n - 1)] = value }
        return elements
    }
}
