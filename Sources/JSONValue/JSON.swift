/// A JSON value with full fidelity: integers and floats stay apart (`3` is `.int(3)`, `3.0` is
/// `.float(3.0)`), strings are bytes (so a Lua string, which may hold any bytes, survives until
/// it is encoded; encoding rejects bytes that are not UTF-8), and objects keep their members in
/// the order they were read or built.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string([UInt8])
    case array([JSON])
    case object(JSONObject)
}

/// The members of a JSON object, in order. Lookup is linear: OpenStack objects are small, and a
/// list of pairs is much cheaper to build than a dictionary for every decoded object.
public struct JSONObject: Sendable, Hashable {
    public var members: [(key: String, value: JSON)]

    public init() { members = [] }

    public init(_ members: [(key: String, value: JSON)]) { self.members = members }

    public init(minimumCapacity: Int) {
        members = []
        members.reserveCapacity(minimumCapacity)
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The value of `key`; when a document repeated a key, the last one wins, as in JavaScript.
    public subscript(key: String) -> JSON? {
        get {
            for member in members.reversed() where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Equal when they have the same keys and each key's value (the last, for a key a document
    /// repeated) is equal, in any order: so an object is always equal to itself, repeated keys
    /// or not (a fuzzed document found one that was not).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if lhs.members.count == rhs.members.count, !lhs.repeatsAKey, !rhs.repeatsAKey {
            for member in lhs.members where rhs[member.key] != member.value { return false }
            return true
        }
        let keys = Set(lhs.members.map(\.key))
        guard keys == Set(rhs.members.map(\.key)) else { return false }
        return keys.allSatisfy { lhs[$0] == rhs[$0] }
    }

    /// Whether a key appears twice (a document may repeat one; the last value counts).
    private var repeatsAKey: Bool {
        members.count > 1 && Set(members.map(\.key)).count != members.count
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, like ==: combine per-key hashes commutatively, each key once with
        // the value that counts.
        var combined = 0
        var seen = Set<String>()
        for member in members.reversed() where seen.insert(member.key).inserted {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(seen.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
