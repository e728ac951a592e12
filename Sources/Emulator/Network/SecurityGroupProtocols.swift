/// Security group rule protocols and port ranges, checked as neutron-lib and Neutron check them.
enum SecurityGroupProtocols {
    /// neutron-lib's IP_PROTOCOL_MAP, plus the legacy `icmpv6`.
    static let numbers: [String: Int] = [
        "ah": 51, "dccp": 33, "egp": 8, "esp": 50, "gre": 47, "hopopt": 0, "icmp": 1, "igmp": 2, "ip": 0, "ipip": 4,
        "ipv6-encap": 41, "ipv6-frag": 44, "ipv6-icmp": 58, "icmpv6": 58, "ipv6-nonxt": 59, "ipv6-opts": 60,
        "ipv6-route": 43, "ospf": 89, "pgm": 113, "rsvp": 46, "sctp": 132, "tcp": 6, "udp": 17, "udplite": 136, "vrrp": 112,
    ]

    /// The names in the order Neutron's refusal lists them.
    static let listedNames = [
        "ah", "dccp", "egp", "esp", "gre", "hopopt", "icmp", "igmp", "ip", "ipip", "ipv6-encap", "ipv6-frag",
        "ipv6-icmp", "icmpv6", "ipv6-nonxt", "ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp",
        "udplite", "vrrp",
    ]

    /// Protocols whose rules take a port range.
    static let portProtocols: Set<Int> = [6, 17, 132, 33, 136]

    /// A protocol as given (name, or number 0-255 as a string or integer); nil for null.
    static func convert(_ value: EmulatorJSON?) throws(ServiceError) -> String? {
        guard let value, !value.isNull else { return nil }
        let text: String
        if let number = value.intValue {
            text = String(number)
        } else if let string = value.stringValue {
            text = string.lowercased()
        } else {
            text = PythonRepr.str(value)
        }
        if numbers[text] != nil { return text }
        if let number = Int(text), (0...255).contains(number) { return text }
        let names = "[None, " + listedNames.map { "'\($0)'" }.joined(separator: ", ") + "]"
        throw ServiceError.badRequest(
            "Security group rule protocol \(PythonRepr.str(value)) not supported. Only protocol values \(names) and integer representations [0 to 255] are supported.",
            kind: "SecurityGroupRuleInvalidProtocol")
    }

    static func number(_ protocolName: String?) -> Int? {
        guard let protocolName else { return nil }
        return numbers[protocolName] ?? Int(protocolName)
    }

    /// Neutron's `_validate_port_range`.
    static func validatePorts(_ rule: RuleRequest) throws(ServiceError) {
        let low = rule.portRangeMin
        let high = rule.portRangeMax
        guard low != nil || high != nil else { return }
        guard let proto = number(rule.protocolName) else {
            throw ServiceError.badRequest("Must also specify protocol if port range is given.", kind: "SecurityGroupProtocolRequiredWithPorts")
        }
        if portProtocols.contains(proto) {
            if low == 0 || high == 0 { throw ServiceError.badRequest("Invalid value for port 0.", kind: "SecurityGroupInvalidPortValue") }
            guard let low, let high, low <= high else {
                throw ServiceError.badRequest("For TCP/UDP protocols, port_range_min must be <= port_range_max", kind: "SecurityGroupInvalidPortRange")
            }
        } else if proto == 1 || proto == 58 {
            for (value, field, attribute) in [(low, "type", "port_range_min"), (high, "code", "port_range_max")] {
                if let value, !(0...255).contains(value) {
                    throw ServiceError.badRequest(
                        "Invalid value for ICMP \(field) (\(attribute)) \(value). It must be 0 to 255.", kind: "SecurityGroupInvalidIcmpValue")
                }
            }
            if low == nil, let high {
                throw ServiceError.badRequest(
                    "ICMP code (port-range-max) \(high) is provided but ICMP type (port-range-min) is missing.", kind: "SecurityGroupMissingIcmpType")
            }
        } else {
            throw ServiceError.badRequest(
                "Invalid protocol \(proto) for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.",
                kind: "SecurityGroupInvalidProtocolForPortRange")
        }
    }

    /// What makes two rules of a group the same rule.
    struct Identity: Equatable {
        let direction: String
        let ethertype: String
        let protocolNumber: Int?
        let portRangeMin: Int?
        let portRangeMax: Int?
        let remotePrefix: String?
        let remoteGroupID: String?
    }

    static func identity(_ rule: RuleRequest) -> Identity {
        Identity(
            direction: rule.direction, ethertype: rule.ethertype, protocolNumber: number(rule.protocolName),
            portRangeMin: rule.portRangeMin, portRangeMax: rule.portRangeMax, remotePrefix: rule.remoteIPPrefix?.cidr,
            remoteGroupID: rule.remoteGroupID)
    }

    static func identity(_ rule: NeutronSecurityGroupRule) -> Identity {
        Identity(
            direction: rule.direction, ethertype: rule.ethertype, protocolNumber: number(rule.protocolName),
            portRangeMin: rule.portRangeMin, portRangeMax: rule.portRangeMax, remotePrefix: rule.remoteIPPrefix?.cidr,
            remoteGroupID: rule.remoteGroupID)
    }
}
