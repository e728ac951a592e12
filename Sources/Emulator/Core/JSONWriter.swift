/// How separators are written. Flask (Keystone) writes compact JSON; the other services go
/// through Python's `json.dumps`, which puts a space after `,` and `:`.
public enum JSONLayout: Sendable {
    case compact
    case python
}

extension JSON {
    /// The serialized value, escaping non-ASCII characters as Python's `json.dumps` does by default.
    public func serialized(_ layout: JSONLayout = .python) -> String {
        var output = ""
        output.reserveCapacity(256)
        write(to: &output, layout: layout)
        return output
    }

    func write(to output: inout String, layout: JSONLayout) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += Self.format(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += layout == .python ? ", " : "," }
                value.write(to: &output, layout: layout)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { output += layout == .python ? ", " : "," }
                Self.writeString(member.key, to: &output)
                output += layout == .python ? ": " : ":"
                member.value.write(to: &output, layout: layout)
            }
            output += "}"
        }
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return String(value)
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x20..<0x7F: output.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                output += "\\u"
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
                }
            }
        }
        output += "\""
    }
}
