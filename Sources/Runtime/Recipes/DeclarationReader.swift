import JSONValue

/// Reads the fields of a recipe declaration, collecting a problem for each one that is wrong
/// instead of stopping at the first.
struct DeclarationReader {
    let fields: JSONObject
    var problems: [String] = []

    init(_ fields: JSONObject) { self.fields = fields }

    mutating func text(_ key: String, required: Bool) -> String? {
        guard let value = fields[key] else {
            if required { problems.append("\(key) is required (a string)") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else {
            problems.append("\(key) must be a non-empty string, got \(value.kindName)")
            return nil
        }
        return text
    }

    mutating func services() -> [String] {
        guard let names = strings("services", fields["services"]) else { return [] }
        for name in names where !RecipeDeclaration.knownServices.contains(name) {
            problems.append("services: '\(name)' is not a service stackrun knows (\(RecipeDeclaration.knownServices.sorted().joined(separator: ", ")))")
        }
        return names
    }

    mutating func capabilities() -> RecipeCapabilities {
        guard let value = fields["capabilities"] else { return RecipeCapabilities() }
        guard let object = Self.table(value) else {
            problems.append("capabilities must be a table like {net = {\"host\"}, exec = {\"program\"}}, got \(value.kindName)")
            return RecipeCapabilities()
        }
        var capabilities = RecipeCapabilities()
        for (key, _) in object.members {
            guard let kind = RecipeCapabilities.Kind(rawValue: key) else {
                problems.append("capabilities: unknown capability '\(key)' (\(RecipeCapabilities.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            capabilities[kind] = strings("capabilities.\(key)", object[key]) ?? []
        }
        return capabilities
    }

    mutating func parameters() -> [RecipeParameter] {
        guard let value = fields["params"] else { return [] }
        guard let object = Self.table(value) else {
            problems.append("params must be a table of parameters by name, got \(value.kindName)")
            return []
        }
        var parameters: [RecipeParameter] = []
        for (name, spec) in object.members {
            if let parameter = parameter(name, spec) { parameters.append(parameter) }
        }
        return parameters.sorted { ($0.required ? 0 : 1, $0.name) < ($1.required ? 0 : 1, $1.name) }
    }

    private static let parameterFields: Set<String> = ["type", "description", "required", "default", "allowed", "items"]

    private mutating func parameter(_ name: String, _ spec: JSON) -> RecipeParameter? {
        let start = problems.count
        guard let spec = Self.table(spec) else {
            problems.append("params.\(name) must be a table like {type = \"string\", description = \"...\"}, got \(spec.kindName)")
            return nil
        }
        if !RecipeDeclaration.isValidName(name.lowercased()) || name.contains(".") {
            problems.append("params.\(name): a parameter name is letters, digits, '-' and '_'")
        }
        for key in spec.keys where !Self.parameterFields.contains(key) {
            problems.append("params.\(name): unknown field '\(key)' (\(Self.parameterFields.sorted().joined(separator: ", ")))")
        }
        let kind = kindField(spec["type"], "params.\(name).type", allowing: RecipeParameter.Kind.allCases)
        let items = spec["items"].map { kindField($0, "params.\(name).items", allowing: RecipeParameter.Kind.scalars) }
        if items != nil, kind != .list { problems.append("params.\(name).items is only for a list") }
        var description = ""
        if let text = spec["description"]?.stringValue, !text.isEmpty { description = text } else {
            problems.append("params.\(name).description is required (a string saying what the parameter is for)")
        }
        var required = false
        if let flag = spec["required"] {
            if let value = flag.boolValue { required = value } else { problems.append("params.\(name).required must be true or false") }
        }
        var allowed: [JSON]?
        if let list = spec["allowed"] {
            if let values = list.arrayValue, !values.isEmpty { allowed = values } else {
                problems.append("params.\(name).allowed must be a non-empty list of values")
            }
        }
        guard let kind, problems.count == start else { return nil }
        var parameter = RecipeParameter(name: name, kind: kind, description: description, required: required,
                                        allowed: nil, items: (items ?? nil) ?? .string)
        if let allowed {
            for value in allowed where RecipeParameter.fit(value, to: kind, items: parameter.items) == nil {
                problems.append("params.\(name).allowed: \(RecipeParameter.shown(value)) is not \(kind.article) \(kind.rawValue)")
            }
            parameter.allowed = allowed.compactMap { RecipeParameter.fit($0, to: kind, items: parameter.items) }
        }
        if let value = spec["default"] {
            if required { problems.append("params.\(name): a required parameter has no default") }
            switch parameter.check(value) {
            case .success(let fitted): parameter.defaultValue = fitted
            case .failure(let problem): problems.append("params.\(name).default: \(problem.message)")
            }
        }
        return problems.count == start ? parameter : nil
    }

    private mutating func kindField(_ value: JSON?, _ path: String, allowing kinds: [RecipeParameter.Kind]) -> RecipeParameter.Kind? {
        let names = kinds.map(\.rawValue).joined(separator: ", ")
        guard let value else {
            problems.append("\(path) is required: one of \(names)")
            return nil
        }
        guard let kind = value.stringValue.flatMap(RecipeParameter.Kind.init(rawValue:)), kinds.contains(kind) else {
            problems.append("\(path) must be one of \(names), got \(RecipeParameter.shown(value))")
            return nil
        }
        return kind
    }

    /// A list of strings at `path` (nil when absent or wrong, which is a problem).
    private mutating func strings(_ path: String, _ value: JSON?) -> [String]? {
        guard let value else { return nil }
        let list = value.arrayValue ?? (Self.table(value) != nil ? [] : nil)
        let names = list?.compactMap(\.stringValue)
        guard let list, let names, names.count == list.count else {
            problems.append("\(path) must be a list of strings, got \(value.kindName)")
            return nil
        }
        return names
    }

    /// A Lua table read as JSON: an object, or an empty array for an empty table.
    static func table(_ value: JSON) -> JSONObject? {
        if let object = value.objectValue { return object }
        if let array = value.arrayValue, array.isEmpty { return JSONObject() }
        return nil
    }
}
