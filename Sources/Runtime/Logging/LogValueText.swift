import Logging
import JSONValue

/// Renders log metadata values as text or as JSON. A number, boolean or null carried as
/// `JSONText` is written as itself in JSON lines; any other value is text.
enum LogValueText {
    /// A value in a text line: bare when it reads unambiguously, else quoted and escaped, so that
    /// no value can break the record over two lines or pass for another field.
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): needsQuotes(text) ? quotedText(text) : text
        case .stringConvertible(let typed as JSONText): escaped(typed.description)
        case .stringConvertible(let convertible): text(.string("\(convertible)"))
        case .dictionary, .array: escaped(json(value))
        }
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let typed as JSONText): typed.description
        case .stringConvertible(let convertible): quoted("\(convertible)")
        case .dictionary(let members):
            "{" + members.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .array(let elements):
            "[" + elements.map(json).joined(separator: ",") + "]"
        }
    }

    /// A JSON string.
    static func quoted(_ text: String) -> String {
        (try? JSON(text).encodedString()) ?? "\"\""
    }

    /// Text with its control characters (newlines, tabs, escape sequences...) written as JSON
    /// escapes, so that a record stays on one line and a terminal shows it as it is.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { output.unicodeScalars.append(scalar); continue }
            output += escape(scalar)
        }
        return output
    }

    private static func quotedText(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            default: output += isControl(scalar) ? escape(scalar) : String(scalar)
            }
        }
        return output + "\""
    }

    private static func needsQuotes(_ text: String) -> Bool {
        text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || isControl($0) }
    }

    /// C0, DEL and C1 control characters, and the Unicode line and paragraph separators.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// A JSON value from a script as log metadata: numbers, booleans and null keep their type.
    static func metadata(_ value: JSON) -> Logger.MetadataValue {
        switch value {
        case .null, .bool, .int, .float: .stringConvertible(JSONText(value))
        case .string(let bytes): .string(String(decoding: bytes, as: UTF8.self))
        case .array(let elements): .array(elements.map(metadata))
        case .object(let object): .dictionary(object.members.reduce(into: [:]) { $0[$1.key] = metadata($1.value) })
        }
    }
}
