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
            setTop(base) // as it was, whatever a failure deep in a table left
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

    private mutating func writeTable(at index: Int32, depth: Int) throws(JSONError) {
        guard let identity = stack.pointer(at: index) else { text.writeNull(); return }
        try path.enter(identity)
        defer { path.leave() }
        guard stack.reserve(4) else { throw path.failure("table nested too deeply") }
        switch try LuaTableLayout.of(tableAt: index, on: stack, path: path) {
        case .array(let count): try writeArray(at: index, count: count, depth: depth)
        case .object(let keys): try writeObject(at: index, keys: keys, depth: depth)
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

    private mutating func writeObject(at index: Int32, keys: [LuaTableLayout.Key], depth: Int) throws(JSONError) {
        text.beginObject()
        for (position, key) in keys.enumerated() {
            text.beginMember(position, depth: depth)
            try text.writeKey(key.text)
            key.pushValue(ofTableAt: index, on: stack)
            path.keys.append(key.pathKey)
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
