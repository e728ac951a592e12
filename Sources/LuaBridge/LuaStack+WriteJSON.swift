internal import CLua
public import JSONValue

extension LuaStack {
    /// The Lua value at `index` as JSON text, written straight from the Lua values with no JSON
    /// value in between (what `json.encode` uses: building one was most of its time). The same
    /// rules, errors and text as `json(at:)` followed by `encoded(indent:)`, except that a
    /// string that is not UTF-8 is reported with where it is.
    public func encodeJSON(at index: Int32, indent: Int = 0) throws(JSONError) -> [UInt8] {
        let base = top
        var writer = LuaJSONWriter(stack: self, text: JSONWriter(indent: indent))
        do {
            try writer.write(at: absolute(index), depth: 0)
        } catch {
            setTop(base) // a failure deep in a table leaves its keys and values behind
            throw error
        }
        return writer.text.output
    }
}

private struct LuaJSONWriter {
    let stack: LuaStack
    var text: JSONWriter
    var path = LuaJSONPath()

    mutating func write(at index: Int32, depth: Int) throws(JSONError) {
        switch stack.type(at: index) {
        case .nil_, .none: text.writeNull()
        case .boolean: text.writeBool(stack.boolean(at: index))
        case .number:
            if let integer = stack.integer(at: index), stack.isInteger(at: index) {
                text.writeInteger(integer)
                return
            }
            let number = stack.number(at: index) ?? .nan
            guard number.isFinite else { throw path.failure("cannot encode \(JSON.nonFiniteName(number)) as JSON") }
            try text.writeFloat(number)
        case .string:
            do {
                _ = try stack.withBytes(at: index) { bytes throws(JSONError) in try text.writeString(bytes) }
            } catch {
                throw path.failure(error.message) // the writer's only error: not UTF-8
            }
        case .table: try writeTable(at: index, depth: depth)
        case .userdata where stack.isJSONNull(at: index): text.writeNull()
        case let other:
            throw path.failure("cannot encode a \(other == .userdata ? stack.typeName(at: index) : other.name) value as JSON")
        }
    }

    /// A member key: an integer (array index, or an object key written as its decimal text)
    /// or a string.
    private enum MemberKey {
        case integer(Int64)
        case name(String)

        var text: String {
            switch self {
            case .integer(let n): String(n)
            case .name(let name): name
            }
        }
    }

    private mutating func writeTable(at index: Int32, depth: Int) throws(JSONError) {
        guard let identity = stack.pointer(at: index) else { text.writeNull(); return }
        try path.enter(identity)
        defer { path.leave() }
        guard stack.reserve(4) else { throw path.failure("table nested too deeply") }

        // First the keys alone: whether they are exactly 1...n decides array or object.
        var keys: [MemberKey] = []
        var integerCount: Int64 = 0
        var smallestIndex: Int64 = .max
        var largestIndex: Int64 = 0
        stack.pushNil()
        while stack.next(tableAt: index) {
            stack.pop() // the value; the key stays for the next step
            if stack.type(at: -1) == .number, let n = stack.integer(at: -1) {
                keys.append(.integer(n))
                integerCount += 1
                smallestIndex = min(smallestIndex, n)
                largestIndex = max(largestIndex, n)
            } else if stack.type(at: -1) == .string {
                let name = try stack.withBytes(at: -1) { bytes throws(JSONError) -> String in
                    guard LuaJSONPath.isUTF8(bytes) else {
                        throw path.failure("cannot encode a table key that is not valid UTF-8 as JSON")
                    }
                    return String(decoding: bytes, as: UTF8.self)
                }
                keys.append(.name(name ?? ""))
            } else {
                let kind = stack.typeName(at: -1)
                stack.pop()
                throw path.failure("cannot encode a table key of type \(kind) as JSON")
            }
        }
        // Table keys are distinct, so n of them, all at least 1 and none above n, are 1...n.
        let isSequence = integerCount == Int64(keys.count) && smallestIndex >= 1 && largestIndex == integerCount
        switch stack.jsonMark(ofTableAt: index) {
        case .array:
            guard isSequence else { throw path.failure("table marked as json.array has keys other than 1...n") }
            try writeArray(at: index, count: largestIndex, depth: depth)
        case .none where isSequence && !keys.isEmpty:
            try writeArray(at: index, count: largestIndex, depth: depth)
        case .none, .object:
            keys.sort { $0.text < $1.text }
            try writeObject(at: index, keys: keys, depth: depth)
        }
    }

    private mutating func writeArray(at index: Int32, count: Int64, depth: Int) throws(JSONError) {
        text.beginArray()
        var position: Int64 = 1
        while position <= count {
            text.beginMember(Int(position - 1), depth: depth)
            stack.rawIndex(position, ofTableAt: index)
            path.keys.append(.index(position))
            try writePopping(depth: depth + 1)
            path.keys.removeLast()
            position += 1
        }
        text.endArray(count: Int(count), depth: depth)
    }

    private mutating func writeObject(at index: Int32, keys: [MemberKey], depth: Int) throws(JSONError) {
        text.beginObject()
        for (position, key) in keys.enumerated() {
            text.beginMember(position, depth: depth)
            try text.writeKey(key.text)
            switch key {
            case .integer(let n):
                stack.rawIndex(n, ofTableAt: index)
                path.keys.append(.index(n))
            case .name(let name):
                stack.rawField(name, ofTableAt: index)
                path.keys.append(.name(name))
            }
            try writePopping(depth: depth + 1)
            path.keys.removeLast()
        }
        text.endObject(count: keys.count, depth: depth)
    }

    /// Writes the value on top and pops it, whether or not writing fails.
    private mutating func writePopping(depth: Int) throws(JSONError) {
        defer { stack.pop() }
        try write(at: stack.top, depth: depth)
    }
}
