/// A JSON value whose objects keep their keys in insertion order, so that response bodies come
/// out in the same order as the real services write them.
public enum EmulatorJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([EmulatorJSON])
    case object(EmulatorJSONObject)

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int(value)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [EmulatorJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: EmulatorJSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> EmulatorJSON? {
        objectValue?[key]
    }

    /// A short name of the value's type, for validation messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON object: ordered members, looked up by key. Objects in API bodies are small, so a
/// linear search beats hashing here.
public struct EmulatorJSONObject: Sendable, Equatable, Sequence {
    public private(set) var members: [(key: String, value: EmulatorJSON)]

    public init() { members = [] }

    public init(_ members: [(String, EmulatorJSON)]) {
        self.members = []
        for (key, value) in members { self[key] = value }
    }

    public subscript(key: String) -> EmulatorJSON? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: EmulatorJSON)]> {
        members.makeIterator()
    }

    public static func == (lhs: EmulatorJSONObject, rhs: EmulatorJSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && lhs.members.allSatisfy { member in rhs[member.key] == member.value }
    }
}

extension EmulatorJSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: EmulatorJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, EmulatorJSON)...) { self = .object(EmulatorJSONObject(elements)) }
}

extension EmulatorJSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, EmulatorJSON)...) { self.init(elements) }
}

extension EmulatorJSON {
    /// `.string(value)` or `.null` when the optional is empty: the shape of nullable API fields.
    public static func optional(_ value: String?) -> EmulatorJSON {
        value.map(EmulatorJSON.string) ?? .null
    }
}
