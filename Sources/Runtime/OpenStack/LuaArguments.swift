import JSONValue
import LuaBridge
import OpenStack
import Transport

/// The keys of an options table that steer the call rather than go to the API.
struct Control {
    var wait = false
    var timeout: Double?
    var interval: Double?
    var microversion: String?
    /// How many times each request of the call may be sent again (the session's policy when nil).
    var retries: Int?

    var waitOptions: WaitOptions { WaitOptions(timeout: timeout, interval: interval) }
    var callOptions: CallOptions { CallOptions(microversion: microversion) }
}

extension LuaCall {
    /// Argument `position` as an options table: the API fields, and the control keys (wait,
    /// timeout, interval, retries, microversion) taken out. Absent gives an empty table.
    func options(_ position: Int32, waitByDefault: Bool = false) throws(LuaCallError) -> (JSONObject, Control) {
        var control = Control(wait: waitByDefault)
        guard !isAbsent(position) else { return (JSONObject(), control) }
        try table(position)
        guard case .object(var fields) = try json(position) else {
            if stack.rawLength(at: position) == 0 { return (JSONObject(), control) }
            throw .argument(position, "options table expected, got a list")
        }
        if let wait = fields.take("wait") {
            guard let flag = wait.boolValue else { throw .argument(position, "'wait' must be true or false") }
            control.wait = flag
        }
        for key in ["timeout", "interval"] {
            guard let value = fields.take(key) else { continue }
            guard let seconds = value.doubleValue, seconds > 0 else { throw .argument(position, "'\(key)' must be a positive number of seconds") }
            if key == "timeout" { control.timeout = seconds } else { control.interval = seconds }
        }
        if let retries = fields.take("retries") {
            guard let count = retries.intValue, count >= 0, count <= 20 else {
                throw .argument(position, "'retries' must be a whole number from 0 to 20")
            }
            control.retries = Int(count)
        }
        if let version = fields.take("microversion") {
            guard let text = version.stringValue ?? version.doubleValue.map({ "\($0)" }), Microversion(text) != nil else {
                throw .argument(position, "'microversion' must be a string like \"2.79\"")
            }
            control.microversion = text
        }
        return (fields, control)
    }

    /// Argument `position` naming a resource: an id or name, or a resource table (its id, or
    /// `idField`).
    func reference(_ position: Int32, _ kind: ResourceKind) throws(LuaCallError) -> String {
        switch stack.type(at: position) {
        case .string:
            // An empty reference would address the collection itself ("GET /servers/").
            let text = try string(position)
            guard !text.isEmpty else { throw .argument(position, "\(kind.name) expected (an id or a name), got an empty string") }
            return text
        case .number:
            return String(try integer(position))
        case .table:
            let value = try json(position)
            if let id = value[kind.idField]?.identifierText, !id.isEmpty { return id }
            if let name = value["name"]?.stringValue, !name.isEmpty { return name }
            throw .argument(position, "\(kind.name) table without '\(kind.idField)' or 'name'")
        default:
            throw typeError(position, expected: "\(kind.name) (an id, a name or a table)")
        }
    }

    /// `reference` as the session resolves it: a resource table that carries its id is passed as
    /// `{idField = id}`, which the session takes as the id without looking it up (the table came
    /// from the API, or names the id outright); a string, a number or a table with only a name
    /// is looked up by `resolveID` as before.
    func referenceValue(_ position: Int32, _ kind: ResourceKind) throws(LuaCallError) -> JSON {
        let text = try reference(position, kind)
        // Only an id of the kind's shape: `{id = "web"}` written by hand holds a name, looked up.
        guard stack.type(at: position) == .table, kind.idShape.admits(text),
              try json(position)[kind.idField]?.identifierText == text else { return JSON(text) }
        var table = JSONObject()
        table[kind.idField] = JSON(text)
        return .object(table)
    }

    /// A filters table as query parameters: strings and numbers as text, booleans as
    /// "true"/"false", lists as repeated parameters. `limit` is returned apart.
    func filters(_ position: Int32) throws(LuaCallError) -> ([(String, String)], Int?, Control) {
        let (fields, control) = try options(position)
        var query: [(String, String)] = []
        var limit: Int?
        for member in fields.members {
            if member.key == "limit" {
                guard let value = member.value.intValue, value > 0 else { throw .argument(position, "'limit' must be a positive integer") }
                limit = Int(value)
                continue
            }
            for value in member.value.arrayValue ?? [member.value] {
                guard let text = Self.queryText(value) else {
                    throw .argument(position, "filter '\(member.key)' must be a string, number, boolean or list of them")
                }
                query.append((member.key, text))
            }
        }
        return (query, limit, control)
    }

    private static func queryText(_ value: JSON) -> String? {
        switch value {
        case .string: value.stringValue
        case .int(let number): String(number)
        case .float(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
