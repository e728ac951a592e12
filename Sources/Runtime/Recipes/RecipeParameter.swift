public import JSONValue
import Transport

/// One parameter a recipe declares: `cidr = {type = "string", default = "10.0.0.0/24",
/// description = "..."}`. A value type, read from the declaration and checked without Lua.
public struct RecipeParameter: Sendable, Equatable {
    /// The types a parameter may have, as the declaration spells them.
    public enum Kind: String, Sendable, CaseIterable {
        case string, integer, number, boolean, list, map

        /// The kinds a list's items may have: one value each, as `--param` writes them.
        static let scalars: [Kind] = [.string, .integer, .number, .boolean]
    }

    public var name: String
    public var kind: Kind
    public var description: String
    public var required: Bool
    /// The value when none is given; checked against the type when the declaration is read.
    public var defaultValue: JSON?
    /// The only values accepted (`allowed = {"small", "large"}`); nil accepts any of the type.
    public var allowed: [JSON]?
    /// A list's item type (`items = "integer"`); strings unless declared.
    public var items: Kind

    public init(name: String, kind: Kind, description: String, required: Bool = false, defaultValue: JSON? = nil,
                allowed: [JSON]? = nil, items: Kind = .string) {
        self.name = name
        self.kind = kind
        self.description = description
        self.required = required
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.items = items
    }

    /// What `--param name=TEXT` means for this parameter, or why it cannot be one: numbers as
    /// Lua reads them, booleans as true/false/yes/no/on/off/1/0, a list as JSON (`[1,2]`) or
    /// comma-separated items, a map as a JSON object or `key=value` pairs separated by commas.
    public func value(fromArgument text: String) -> Result<JSON, ParameterProblem> {
        switch kind {
        case .list where text.hasPrefix("["), .map where text.hasPrefix("{"):
            guard let decoded = try? JSON.decode(text) else { return .failure(problem("is not valid JSON: \(masked(text))")) }
            return check(decoded)
        case .list:
            let parts = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false)
            var values: [JSON] = []
            for part in parts {
                switch Self.scalar(String(part), as: items) {
                case .some(let value): values.append(value)
                case nil: return .failure(problem("needs a list of \(items.rawValue) values, and '\(masked(String(part)))' is not one"))
                }
            }
            return check(.array(values))
        case .map:
            var object = JSONObject()
            for pair in text.split(separator: ",") {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    return .failure(problem("needs key=value pairs separated by commas (or a JSON object), and '\(masked(String(pair)))' is not one"))
                }
                object[String(pair[..<equals])] = JSON(String(pair[pair.index(after: equals)...]))
            }
            return check(.object(object))
        default:
            guard let value = Self.scalar(text, as: kind) else {
                return .failure(problem("needs \(kind.article) \(kind.rawValue), and '\(masked(text))' is not one"))
            }
            return check(value)
        }
    }

    /// Whether `value` (from a parameters file, a default, or converted from text) fits the
    /// type and the allowed values; integers stand for numbers, and a float with no fraction
    /// for an integer (YAML and JSON writers differ).
    public func check(_ value: JSON) -> Result<JSON, ParameterProblem> {
        guard let fitted = Self.fit(value, to: kind, items: items) else {
            return .failure(problem("needs \(kind.article) \(kind.description(items: items)), got \(value.kindName)"))
        }
        if required, kind == .string, fitted == JSON("") {
            return .failure(problem("is required and must not be empty"))
        }
        if let allowed, !allowed.contains(fitted) {
            let choices = allowed.map(Self.shown).joined(separator: ", ")
            return .failure(problem("must be one of \(choices), got \(masked(Self.shown(fitted)))"))
        }
        return .success(fitted)
    }

    /// A value as a message may show it: not at all when the parameter's name says it holds a
    /// secret (the message reaches stderr, the run history and its log tail).
    func masked(_ value: String) -> String { SecretName.isSecret(name) ? "***" : value }

    func problem(_ text: String) -> ParameterProblem { ParameterProblem(parameter: name, message: text, purpose: description) }

    static func fit(_ value: JSON, to kind: Kind, items: Kind) -> JSON? {
        switch (kind, value) {
        case (.string, .string), (.boolean, .bool), (.integer, .int), (.number, .int), (.number, .float), (.map, .object):
            return value
        case (.integer, .float(let number)):
            return Int64(exactly: number).map(JSON.int)
        case (.list, .array(let elements)):
            var fitted: [JSON] = []
            for element in elements {
                guard let item = fit(element, to: items, items: .string) else { return nil }
                fitted.append(item)
            }
            return .array(fitted)
        case (.map, .array(let elements)) where elements.isEmpty:
            return .object(JSONObject())   // an empty Lua table reads as an empty array
        default:
            return nil
        }
    }

    static func scalar(_ text: String, as kind: Kind) -> JSON? {
        switch kind {
        case .string: return JSON(text)
        case .integer:
            // Decimal digits, and a fraction of zeros ("3.0", as YAML writes floats); not hex
            // (Double reads "0x10") nor an exponent ("1e3"), which nobody means by a count.
            let digits = String(text.trimmingPrefix("+"))
            if let value = Int64(digits) { return .int(value) }
            let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) else { return nil }
            return Int64(parts[0]).map(JSON.int)
        case .number:
            if let integer = Int64(text) { return .int(integer) }
            guard !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
            return Double(text).flatMap { $0.isFinite ? JSON.float($0) : nil }
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "on", "1": return .bool(true)
            case "false", "no", "off", "0": return .bool(false)
            default: return nil
            }
        case .list, .map: return nil
        }
    }

    /// A value as a message shows it: JSON, so that "1" and 1 differ.
    static func shown(_ value: JSON) -> String {
        (try? value.encoded()).map { String(decoding: $0, as: UTF8.self) } ?? value.kindName
    }
}

extension RecipeParameter.Kind {
    var article: String { self == .integer ? "an" : "a" }

    func description(items: RecipeParameter.Kind) -> String {
        self == .list ? "list of \(items.rawValue) values" : rawValue
    }
}

/// What is wrong with one parameter's value, with the parameter's description so that the
/// message says what the value is for.
public struct ParameterProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var parameter: String
    public var message: String
    /// The parameter's own description (empty for one the recipe does not declare).
    public var purpose: String

    public var description: String { "\(parameter): \(message)" }
}
