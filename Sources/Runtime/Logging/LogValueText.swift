import Logging
import JSONValue

/// Renders log metadata values as text or JSON. A number, boolean or null carried as `JSONText`
/// is written as itself in JSON lines; any other value is text.
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
        case .string(let text): quoted(text)
        case .stringConvertible(let typed as JSONText): typed.description
        case .stringConvertible(let convertible): quoted("\(convertible)")
        case .dictionary(let members):
            "{" + members.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .array(let elements):
            "[" + elements.map(json).joined(separator: ",") + "]"
        }
    }

    static func quoted(_ text: String) -> String {
        (try? JSON(text).encodedString()) ?? "\"\""
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
