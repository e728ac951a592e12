import JSONValue

/// How a Lua table goes to JSON, decided from its keys alone: an array when its keys are
/// exactly 1...n (or it is marked `json.array`), otherwise an object whose members are sorted
/// by key text, so that the same table always gives the same JSON. Shared by the conversion to
/// JSON values and the direct writer, so that both decide alike.
enum LuaTableLayout {
    case array(count: Int64)
    case object([Key])

    /// An object member's key: an integer (written as its decimal text) or a string.
    enum Key {
        case integer(Int64)
        case name(String)

        var text: String {
            switch self {
            case .integer(let n): String(n)
            case .name(let name): name
            }
        }

        /// The path step for error messages.
        var pathKey: LuaJSONPath.Key {
            switch self {
            case .integer(let n): .index(n)
            case .name(let name): .name(name)
            }
        }

        /// Pushes `table[key]`, raw.  [-0, +1]
        func pushValue(ofTableAt index: Int32, on stack: LuaStack) {
            switch self {
            case .integer(let n): stack.rawIndex(n, ofTableAt: index)
            case .name(let name): stack.rawField(name, ofTableAt: index)
            }
        }
    }

    /// The layout of the table at `index` (absolute). Fails, naming `path`, on a key that is
    /// neither an integer nor a UTF-8 string, or a `json.array` mark on other keys. The stack
    /// is as it was afterwards, also on failure.
    static func of(tableAt index: Int32, on stack: LuaStack, path: LuaJSONPath) throws(JSONError) -> LuaTableLayout {
        var keys: [Key] = []
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
                // Keys become Swift strings: bytes that are not UTF-8 would be replaced, so lost.
                let name = try? stack.withBytes(at: -1) { bytes throws(JSONError) -> String? in
                    LuaJSONPath.isUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
                }
                guard let name = name ?? nil else {
                    stack.pop()
                    throw path.failure("cannot encode a table key that is not valid UTF-8 as JSON")
                }
                keys.append(.name(name))
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
            return .array(count: largestIndex)
        case .none where isSequence && !keys.isEmpty:
            return .array(count: largestIndex)
        case .none, .object:
            keys.sort { $0.text < $1.text }
            return .object(keys)
        }
    }
}
