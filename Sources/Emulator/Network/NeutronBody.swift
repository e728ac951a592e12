/// The attributes of a create or update body (`{"network": {...}}`), checked the way Neutron's
/// API layer checks them: the resource key, unknown and read-only attributes, then each
/// attribute's converter and validator.
struct NeutronBody {
    let object: EmulatorJSONObject

    enum Operation { case create, update }

    /// `known` are every attribute of the resource; `writable` those the operation may set.
    init(_ json: EmulatorJSON, resource: String, known: Set<String>, writable: Set<String>, operation: Operation) throws(ServiceError) {
        guard let object = json[resource]?.objectValue else { throw NeutronError.missingBody(resource) }
        let unknown = object.keys.filter { !known.contains($0) && !writable.contains($0) }
        guard unknown.isEmpty else { throw NeutronError.unrecognized(unknown) }
        for key in object.keys where !writable.contains(key) {
            switch operation {
            case .update: throw NeutronError.readOnly(key)
            case .create: throw ServiceError.badRequest("Attribute '\(key)' not allowed in POST", kind: "HTTPBadRequest")
            }
        }
        self.object = object
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func require(_ keys: String...) throws(ServiceError) {
        for key in keys where object[key] == nil { throw NeutronError.missingAttribute(key) }
    }

    /// A string of at most `maxLength` characters.
    func string(_ key: String, maxLength: Int = 255) throws(ServiceError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else {
            throw NeutronError.invalidAttribute(key, "'\(PythonRepr.str(value))' is not a valid string.")
        }
        guard text.count <= maxLength else {
            throw NeutronError.invalidAttribute(key, "'\(text)' exceeds maximum length of \(maxLength).")
        }
        return text
    }

    /// A string or null: `.some(nil)` when null was given.
    func nullableString(_ key: String, maxLength: Int = 255) throws(ServiceError) -> String?? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .some(nil) }
        return .some(try string(key, maxLength: maxLength))
    }

    /// Neutron's `convert_to_boolean`: booleans, 0 and 1, and the usual words.
    func bool(_ key: String) throws(ServiceError) -> Bool? {
        guard let value = object[key] else { return nil }
        return try Self.boolean(value)
    }

    static func boolean(_ value: EmulatorJSON) throws(ServiceError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .int(0): return false
        case .int(1): return true
        case .string(let text):
            if let flag = FieldFilter.parseBool(text) { return flag }
        default: break
        }
        throw NeutronError.invalidInput("'\(PythonRepr.str(value))' cannot be converted to boolean.")
    }

    func integer(_ key: String) throws(ServiceError) -> Int? {
        guard let value = object[key] else { return nil }
        if let number = value.intValue { return number }
        if let text = value.stringValue, let number = Int(text) { return number }
        throw NeutronError.invalidInput("'\(PythonRepr.str(value))' is not an integer.")
    }

    func uuid(_ key: String) throws(ServiceError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue, NeutronBody.isUUID(text) else {
            throw NeutronError.invalidAttribute(key, "'\(PythonRepr.str(value))' is not a valid UUID.")
        }
        return text
    }

    func list(_ key: String) throws(ServiceError) -> [EmulatorJSON]? {
        guard let value = object[key] else { return nil }
        guard let values = value.arrayValue else {
            throw NeutronError.invalidAttribute(key, "'\(PythonRepr.str(value))' is not a list.")
        }
        return values
    }

    func stringList(_ key: String) throws(ServiceError) -> [String]? {
        guard let values = try list(key) else { return nil }
        var strings: [String] = []
        for value in values {
            guard let text = value.stringValue else {
                throw NeutronError.invalidAttribute(key, "'\(PythonRepr.str(value))' is not a valid string.")
            }
            strings.append(text)
        }
        return strings
    }

    /// The project the new resource belongs to: the caller's, or (admins only) the one named
    /// by `project_id` or `tenant_id`.
    func owner(_ auth: AuthContext) throws(ServiceError) -> String {
        var given = try string("project_id")
        if given == nil { given = try string("tenant_id") }
        let callerProject = auth.projectID ?? ""
        guard let given, given != callerProject else { return callerProject }
        guard auth.isAdmin else { throw NeutronError.otherProject }
        return given
    }

    /// The tags a create body may carry.
    func tags() throws(ServiceError) -> [String] {
        guard let tags = try stringList("tags") else { return [] }
        try NeutronTags.validate(tags)
        return tags
    }

    static func isUUID(_ text: String) -> Bool {
        let hex = text.filter { $0 != "-" }
        guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return false }
        let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        return groups == [8, 4, 4, 4, 12] || groups == [32]
    }
}
