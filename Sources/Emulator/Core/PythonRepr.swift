/// Python's `str()` and `repr()` of parsed JSON, as the services' messages print request values
/// (Nova's and Neutron's validation, Keystone's, Cinder's and Glance's schema errors).
enum PythonRepr {
    static func str(_ value: EmulatorJSON) -> String {
        if case .string(let text) = value { return text }
        return repr(value)
    }

    static func repr(_ value: EmulatorJSON) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number):
            if number.rounded() == number && abs(number) < 1e16 { return String(Int(number)) + ".0" }
            return String(number)
        case .string(let text): return quoted(text)
        case .array(let values): return "[" + values.map(repr).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.members.map { quoted($0.key) + ": " + repr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Python's quoting: single quotes unless the text has one and no double quote.
    static func quoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var output = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if Character(scalar) == quote {
                    output += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    output += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append(quote)
        return output
    }
}
