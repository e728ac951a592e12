import Transport
import JSONValue
import LuaBridge

extension Scheduler {
    /// What the run reports of an error that is a table (the value on top of `stack`).
    /// `error({code = 3, reason = "x"})` raises a table with nothing to say for itself, no
    /// `__tostring`: its text is its fields as JSON, `{"code":3,"reason":"x"}`, instead of Lua's
    /// "table: 0x55d0c3a4". Every table error, stackrun's own included, is also kept as JSON
    /// for the `error` field of a JSON log record. Secrets are masked in both, as in logs.
    func describeErrorTable(on stack: LuaStack) -> (text: String?, value: JSON?) {
        guard stack.type(at: -1) == .table, let value = try? stack.json(at: -1) else { return (nil, nil) }
        let masked = SecretNames.redacted(value)
        return (hasToString(stack) ? nil : try? masked.encodedString(), masked)
    }

    private func hasToString(_ stack: LuaStack) -> Bool {
        guard stack.pushMetatable(ofValueAt: -1) else { return false }
        defer { stack.pop(2) }
        return stack.rawField("__tostring", ofTableAt: -1) != .nil_
    }
}
