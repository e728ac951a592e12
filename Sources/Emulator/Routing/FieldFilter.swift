/// Neutron-style list filters (`?status=ACTIVE&status=DOWN&shared=true`) and `fields=`, on the
/// JSON a resource renders to, so that every attribute is filterable without per-field code.
public enum FieldFilter {
    /// Query parameters that are not filters.
    public static let reserved: Set<String> = ["fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir"]

    public enum Failure: Error, Sendable {
        /// Filters on attributes the resource does not have.
        case unknownAttributes([String])
        /// A value that cannot be compared with a boolean attribute.
        case notBoolean(String)
    }

    /// Filters of the query: attribute name and the values any of which may match.
    public static func filters(_ query: QueryItems, reserved: Set<String> = reserved) -> [(name: String, values: [String])] {
        var result: [(name: String, values: [String])] = []
        for (name, value) in query where !reserved.contains(name) {
            if let index = result.firstIndex(where: { $0.name == name }) {
                result[index].values.append(value)
            } else {
                result.append((name, [value]))
            }
        }
        return result
    }

    /// Keeps the objects that match every filter. `attributes` are the filterable names (those of
    /// a rendered resource); others are reported, as Neutron's filter validation does.
    public static func apply(_ filters: [(name: String, values: [String])], to objects: [EmulatorJSONObject], attributes: Set<String>)
        throws(Failure) -> [EmulatorJSONObject]
    {
        let unknown = filters.map(\.name).filter { !attributes.contains($0) }
        guard unknown.isEmpty else { throw .unknownAttributes(unknown) }
        var kept: [EmulatorJSONObject] = []
        for object in objects {
            var matches = true
            for filter in filters where matches {
                matches = try self.matches(object[filter.name] ?? .null, filter.values)
            }
            if matches { kept.append(object) }
        }
        return kept
    }

    static func matches(_ value: EmulatorJSON, _ accepted: [String]) throws(Failure) -> Bool {
        for text in accepted {
            switch value {
            case .bool(let flag):
                guard let wanted = parseBool(text) else { throw .notBoolean(text) }
                if wanted == flag { return true }
            case .int(let number):
                if Int(text) == number { return true }
            case .double(let number):
                if Double(text) == number { return true }
            case .string(let string):
                if string == text { return true }
            case .null:
                if text.isEmpty || text == "None" { return true }
            case .array(let elements):
                if elements.contains(where: { $0.stringValue == text || $0.intValue.map(String.init) == text }) { return true }
            case .object:
                continue
            }
        }
        return false
    }

    /// How Neutron converts filter values to booleans.
    public static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "t", "yes", "y", "on": true
        case "false", "0", "f", "no", "n", "off": false
        default: nil
        }
    }

    /// Only the members named by `fields=` (all of them when none is given).
    public static func select(_ object: EmulatorJSONObject, fields: [String]) -> EmulatorJSONObject {
        guard !fields.isEmpty else { return object }
        return EmulatorJSONObject(object.members.filter { fields.contains($0.key) }.map { ($0.key, $0.value) })
    }

    /// The 400 Neutron answers for a filter failure.
    public static func neutronError(_ failure: Failure) -> ServiceError {
        switch failure {
        case .unknownAttributes(let names):
            let list = "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
            return .badRequest("\(list) is invalid attribute for filtering", kind: "HTTPBadRequest")
        case .notBoolean(let text):
            return .badRequest("Invalid input for operation: '\(text)' cannot be converted to boolean.", kind: "InvalidInput")
        }
    }
}
