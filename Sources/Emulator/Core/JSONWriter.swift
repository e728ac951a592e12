/// How separators are written. Flask (Keystone) writes compact JSON; the other services go
/// through Python's `json.dumps`, which puts a space after `,` and `:`.
public enum JSONLayout: Sendable {
    case compact
    case python
}

extension EmulatorJSON {
    /// The serialized value, escaping non-ASCII characters as Python's `json.dumps` does by default.
    public func serialized(_ layout: JSONLayout = .python) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(to: &output, layout: layout)
        return String(decoding: output, as: UTF8.self)
    }

    /// Written as bytes: every response body goes through here, so it avoids building the text
    /// one character at a time.
    func write(to output: inout [UInt8], layout: JSONLayout) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: Self.format(value).utf8)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { Self.separator(layout, to: &output) }
                value.write(to: &output, layout: layout)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { Self.separator(layout, to: &output) }
                Self.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if layout == .python { output.append(UInt8(ascii: " ")) }
                member.value.write(to: &output, layout: layout)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func separator(_ layout: JSONLayout, to output: inout [UInt8]) {
        output.append(UInt8(ascii: ","))
        if layout == .python { output.append(UInt8(ascii: " ")) }
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return String(value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings (ids, names, timestamps) need no escaping: copied whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F || $0 == 0x22 || $0 == 0x5C }) {
            output.append(contentsOf: value.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for unit in value.utf16 {
            switch unit {
            case 0x22: output.append(contentsOf: #"\""#.utf8)
            case 0x5C: output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x20..<0x7F: output.append(UInt8(unit))
            default:
                output.append(contentsOf: #"\u"#.utf8)
                for shift in stride(from: 12, through: 0, by: -4) {
                    output.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
