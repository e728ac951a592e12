internal import CYAML
public import JSONValue

/// Reads YAML (clouds.yaml, secure.yaml) into JSON values with libyaml's event parser. Scalars
/// stay strings unless plain (unquoted) and spelled as a YAML 1.1 boolean, null or integer,
/// which is what these files use ("verify: false", "identity_api_version: 3").
public enum YAML {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func decode(_ bytes: [UInt8], name: String = "YAML") throws(Failure) -> JSON {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { throw Failure(message: "cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var reader = EventReader(parser: parser, name: name)
            defer { parser = reader.parser }
            return try reader.document()
        }
    }
}

private struct EventReader {
    var parser: yaml_parser_t
    let name: String
    var anchors: [String: JSON] = [:]

    /// The next event, owned by the caller until `yaml_event_delete`.
    mutating func next() throws(YAML.Failure) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) != 0 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
            let line = parser.problem_mark.line + 1
            throw YAML.Failure(message: "\(name):\(line): \(problem)")
        }
        return event
    }

    mutating func document() throws(YAML.Failure) -> JSON {
        var result: JSON = .null
        while true {
            var event = try next()
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT: return result
            case YAML_DOCUMENT_START_EVENT, YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT: continue
            default: result = try value(starting: event)
            }
        }
    }

    /// Deeper than any configuration needs, and shallow enough that the recursion below cannot
    /// run out of stack (a fuzzed file 20,000 levels deep crashed it).
    static let maximumDepth = 256

    mutating func value(starting event: yaml_event_t, depth: Int = 0) throws(YAML.Failure) -> JSON {
        guard depth < Self.maximumDepth else {
            throw YAML.Failure(message: "\(name):\(event.start_mark.line + 1): nested more than \(Self.maximumDepth) levels deep")
        }
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let value = scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain(text) : JSON(text)
            remember(scalar.anchor, value)
            return value
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor
            var elements: [JSON] = []
            while true {
                var item = try next()
                defer { yaml_event_delete(&item) }
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                elements.append(try value(starting: item, depth: depth + 1))
            }
            remember(anchor, .array(elements))
            return .array(elements)
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor
            var object = JSONObject()
            while true {
                var keyEvent = try next()
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try value(starting: keyEvent, depth: depth + 1)
                var valueEvent = try next()
                defer { yaml_event_delete(&valueEvent) }
                let member = try value(starting: valueEvent, depth: depth + 1)
                if key.stringValue == "<<", case .object(let merged) = member {
                    for entry in merged.members where object[entry.key] == nil { object[entry.key] = entry.value }
                } else {
                    object[keyText(key)] = member
                }
            }
            remember(anchor, .object(object))
            return .object(object)
        case YAML_ALIAS_EVENT:
            let anchor = String(cString: event.data.alias.anchor)
            guard let value = anchors[anchor] else { throw YAML.Failure(message: "\(name): unknown alias *\(anchor)") }
            return value
        default:
            return .null
        }
    }

    private mutating func remember(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ value: JSON) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = value
    }

    private func keyText(_ key: JSON) -> String {
        switch key {
        case .string: key.stringValue ?? ""
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .float(let number): String(number)
        default: (try? key.encodedString()) ?? ""
        }
    }

    /// A plain scalar's YAML 1.1 meaning, for the forms configuration files use.
    private func plain(_ text: String) -> JSON {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        if let integer = Int64(text) { return .int(integer) }
        // Decimals stay text: "2.10" is a microversion, which a float would turn into 2.1.
        return JSON(text)
    }
}
