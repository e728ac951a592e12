internal import CLua

/// The basic types of Lua values, as `lua_type` reports them.
public enum LuaType: Int32, Sendable {
    case none = -1
    case nil_ = 0
    case boolean = 1
    case lightUserdata = 2
    case number = 3
    case string = 4
    case table = 5
    case function = 6
    case userdata = 7
    case thread = 8

    /// The name Lua's own messages use ("nil", "no value", "table", ...).
    public var name: String {
        switch self {
        case .none: "no value"
        case .nil_: "nil"
        case .boolean: "boolean"
        case .lightUserdata, .userdata: "userdata"
        case .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .thread: "thread"
        }
    }
}
