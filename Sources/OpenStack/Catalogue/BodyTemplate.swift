public import JSONValue

/// A request body with holes: `["reboot": ["type": .slot("type")]]`. A slot takes the value the
/// call gave (an argument's resolved id, an option); a member whose slot has no value is left
/// out, so `["external_gateway_info": ["network_id": .slot("network")]]` without a network is
/// `{"external_gateway_info": {}}`, which clears a router's gateway.
/// Not `indirect`: the array already holds the nested templates out of line, and an indirect
/// case's box, kept in a global with tag bits in its pointer, is what valgrind's leak check
/// cannot see as reachable.
public enum BodyTemplate: Sendable, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    case value(JSON)
    case slot(String)
    case object([(key: String, value: BodyTemplate)])

    public init(dictionaryLiteral elements: (String, BodyTemplate)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }

    public init(nilLiteral: ()) { self = .value(.null) }

    /// The body with `slots` filled in; nil when it is a slot without a value.
    public func filled(_ slots: [String: JSON]) -> JSON? {
        switch self {
        case .value(let json):
            return json
        case .slot(let name):
            return slots[name]
        case .object(let members):
            var object = JSONObject()
            for member in members {
                if let value = member.value.filled(slots) { object[member.key] = value }
            }
            return .object(object)
        }
    }
}
