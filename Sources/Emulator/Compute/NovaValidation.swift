/// Nova's 400s for bodies and query strings that fail its JSON schemas. Nova words them from
/// jsonschema's messages: `Invalid input for field/attribute <key>. Value: <str(value)>. <message>`,
/// where the value is printed the way Python prints it (`{'name': 'x'}`), or the bare message when
/// the failure is at the top of the body.
enum NovaValidation {
    /// The failure of `value`, found under `key` (nil at the top of the body).
    static func invalid(_ key: String?, _ value: EmulatorJSON, _ message: String) -> ServiceError {
        guard let key else { return .badRequest(message) }
        return .badRequest("Invalid input for field/attribute \(key). Value: \(PythonRepr.str(value)). \(message)")
    }

    static func invalidQuery(_ key: String, _ value: String, _ message: String) -> ServiceError {
        .badRequest("Invalid input for query parameters \(key). Value: \(value). \(message)")
    }

    static func required(_ property: String, in object: EmulatorJSON, key: String?) -> ServiceError {
        invalid(key, object, "'\(property)' is a required property")
    }

    static func notOfType(_ key: String, _ value: EmulatorJSON, _ type: String) -> ServiceError {
        invalid(key, value, "\(PythonRepr.repr(value)) is not of type '\(type)'")
    }

    /// The object under `key` must be a JSON object whose members are all in `allowed`, and
    /// hold every name in `required`.
    static func object(
        _ value: EmulatorJSON?, key: String?, parent: EmulatorJSON, allowed: [String]? = nil, required: [String] = []
    ) throws(ServiceError) -> EmulatorJSONObject {
        guard let value else {
            throw Self.required(key ?? "", in: parent, key: nil)
        }
        guard let object = value.objectValue else {
            throw notOfType(key ?? "", value, "object")
        }
        if let allowed {
            let unexpected = object.keys.filter { !allowed.contains($0) }
            if !unexpected.isEmpty {
                let names = unexpected.map { "'\($0)'" }.joined(separator: ", ")
                let verb = unexpected.count == 1 ? "was" : "were"
                throw invalid(key, value, "Additional properties are not allowed (\(names) \(verb) unexpected)")
            }
        }
        for name in required where object[name] == nil {
            throw Self.required(name, in: value, key: key)
        }
        return object
    }

    /// A string of 1 to 255 characters that does not start or end with white space (`name`).
    static func name(_ value: EmulatorJSON, key: String = "name", allowSurroundingSpaces: Bool = false) throws(ServiceError) -> String {
        let text = try string(value, key: key, minLength: 1, maxLength: 255)
        if !allowSurroundingSpaces, let first = text.first, let last = text.last, first.isWhitespace || last.isWhitespace {
            throw .badRequest("An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.")
        }
        return text
    }

    static func string(_ value: EmulatorJSON, key: String, minLength: Int = 0, maxLength: Int = .max) throws(ServiceError) -> String {
        guard let text = value.stringValue else { throw notOfType(key, value, "string") }
        if text.count < minLength { throw invalid(key, value, "\(PythonRepr.repr(value)) is too short") }
        if text.count > maxLength { throw invalid(key, value, "\(PythonRepr.repr(value)) is too long") }
        return text
    }

    static func optionalString(_ value: EmulatorJSON?, key: String, maxLength: Int = .max) throws(ServiceError) -> String? {
        guard let value, !value.isNull else { return nil }
        return try string(value, key: key, maxLength: maxLength)
    }

    static func boolean(_ value: EmulatorJSON, key: String) throws(ServiceError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.lowercased() {
            case "true", "1", "t", "on", "y", "yes": return true
            case "false", "0", "f", "off", "n", "no": return false
            default: break
            }
        default: break
        }
        throw invalid(key, value, "\(PythonRepr.repr(value)) is not of type 'boolean', 'string'")
    }

    /// Metadata: keys of 1 to 255 letters, digits and `-_:. `, string values of at most 255.
    static func metadata(_ value: EmulatorJSON, key: String = "metadata") throws(ServiceError) -> [(String, String)] {
        guard let object = value.objectValue else { throw notOfType(key, value, "object") }
        var result: [(String, String)] = []
        for (name, member) in object {
            if !isMetadataKey(name) {
                throw invalid(key, value, "Additional properties are not allowed ('\(name)' was unexpected)")
            }
            guard let text = member.stringValue else { throw notOfType(name, member, "string") }
            if text.count > 255 { throw invalid(name, member, "\(PythonRepr.repr(member)) is too long") }
            result.append((name, text))
        }
        return result
    }

    static func isMetadataKey(_ name: String) -> Bool {
        (1...255).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || "-_:. ".unicodeScalars.contains($0)) }
    }

    static func isUUID(_ text: String) -> Bool {
        let hex = text.replacingOccurrences(of: "-", with: "").lowercased()
        return hex.count == 32 && hex.allSatisfy(\.isHexDigit)
            && (text.count == 32 || text.count == 36)
    }
}
