internal import CLua
public import JSONValue

/// The context of one call from Lua into a Swift binding: its arguments are stack slots
/// 1...argumentCount. The checks throw `LuaCallError.argument`, which the trampoline raises with
/// Lua's own wording: "bad argument #1 to 'json.decode' (string expected, got nil)".
public struct LuaCall {
    public let stack: LuaStack
    /// The name errors use: "json.decode", or "task:wait" for a method (argument 1 is self).
    public let name: String
    public let argumentCount: Int32

    init(stack: LuaStack, name: String) {
        self.stack = stack
        self.name = name
        self.argumentCount = stack.top
    }

    public var state: LuaState { stack.owner }

    /// Whether this coroutine can yield to the scheduler (not inside a metamethod, a `require`d
    /// module body, or another C call that cannot yield).
    public var canYield: Bool { lua_isyieldable(stack.L) != 0 }

    func argumentErrorText(_ position: Int32, _ message: String) -> String {
        if name.contains(":") {
            if position == 1 { return "calling '\(name)' on bad self (\(message))" }
            return "bad argument #\(position - 1) to '\(name)' (\(message))"
        }
        return "bad argument #\(position) to '\(name)' (\(message))"
    }

    public func typeError(_ position: Int32, expected: String) -> LuaCallError {
        .argument(position, "\(expected) expected, got \(stack.typeName(at: position))")
    }

    public func isAbsent(_ position: Int32) -> Bool {
        let kind = stack.type(at: position)
        return kind == .none || kind == .nil_
    }

    // MARK: Required arguments

    public func string(_ position: Int32) throws(LuaCallError) -> String {
        guard let value = stack.string(at: position) else { throw typeError(position, expected: "string") }
        return value
    }

    public func bytes(_ position: Int32) throws(LuaCallError) -> [UInt8] {
        guard let value = stack.bytes(at: position) else { throw typeError(position, expected: "string") }
        return value
    }

    /// An integer, or a float with an exact integer value (as Lua's own checks accept).
    public func integer(_ position: Int32) throws(LuaCallError) -> Int64 {
        if let value = stack.integer(at: position) { return value }
        if stack.number(at: position) != nil {
            throw .argument(position, "number has no integer representation")
        }
        throw typeError(position, expected: "number")
    }

    public func number(_ position: Int32) throws(LuaCallError) -> Double {
        guard let value = stack.number(at: position) else { throw typeError(position, expected: "number") }
        return value
    }

    public func table(_ position: Int32) throws(LuaCallError) {
        guard stack.type(at: position) == .table else { throw typeError(position, expected: "table") }
    }

    public func function(_ position: Int32) throws(LuaCallError) {
        guard stack.type(at: position) == .function else { throw typeError(position, expected: "function") }
    }

    /// Any value, converted to JSON; conversion problems name the argument.
    public func json(_ position: Int32) throws(LuaCallError) -> JSON {
        do {
            return try stack.json(at: position)
        } catch {
            throw .argument(position, error.message)
        }
    }

    // MARK: Optional arguments (absent or nil gives nil)

    public func optionalString(_ position: Int32) throws(LuaCallError) -> String? {
        isAbsent(position) ? nil : try string(position)
    }

    public func optionalInteger(_ position: Int32) throws(LuaCallError) -> Int64? {
        isAbsent(position) ? nil : try integer(position)
    }

    public func optionalNumber(_ position: Int32) throws(LuaCallError) -> Double? {
        isAbsent(position) ? nil : try number(position)
    }

    public func optionalTable(_ position: Int32) throws(LuaCallError) -> Bool {
        if isAbsent(position) { return false }
        try table(position)
        return true
    }

    // MARK: Results

    /// Pushes `values` and returns them as the call's results.
    public func returning(_ values: JSON...) -> LuaReturn {
        stack.reserve(Int32(values.count))
        for value in values { stack.push(value) }
        return .results(Int32(values.count))
    }

    /// Raises `message` with the caller's file:line.
    public func failure(_ message: String) -> LuaCallError { .message(message) }
}
