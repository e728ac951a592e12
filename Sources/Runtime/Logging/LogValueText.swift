import Logging
import JSONValue

/// Renders log metadata values as text or JSON. Numbers and booleans that came from Lua stay
/// numbers and booleans in JSON lines.
enum LogValueText {
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) ? quoted(text) : text
        case .stringConvertible(let convertible): "\(convertible)"
        case .dictionary, .array: json(value)
        }
    }

    static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int64: return "\(number)"
            case let number as Int: return "\(number)"
            case let number as Double where number.isFinite: return "\(number)"
            case let flag as Bool: return flag ? "true" : "false"
            default: return quoted("\(convertible)")
            }
        case .dictionary(let members):
            let body = members.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }
            return "{" + body.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map(json).joined(separator: ",") + "]"
        }
    }

    static func quoted(_ text: String) -> String {
        (try? JSON(text).encodedString()) ?? "\"\""
    }

    /// A JSON value from a script as log metadata.
    static func metadata(_ value: JSON) -> Logger.MetadataValue {
        switch value {
        case .null: .string("null")
        case .bool(let flag): .stringConvertible(flag)
        case .int(let number): .stringConvertible(number)
        case .float(let number): .stringConvertible(number)
        case .string(let bytes): .string(String(decoding: bytes, as: UTF8.self))
        case .array(let elements): .array(elements.map(metadata))
        case .object(let object): .dictionary(object.members.reduce(into: [:]) { $0[$1.key] = metadata($1.value) })
        }
    }
}
