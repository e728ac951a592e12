/// An IPv4 or IPv6 address held as a number, so that subnets, pools and allocation are plain
/// arithmetic. Written back the way Neutron (netaddr) writes addresses: dotted quads, and IPv6
/// in lower case with the longest run of zero groups compressed.
struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 4 or 6.
    let version: Int
    let value: UInt128

    init(version: Int, value: UInt128) {
        self.version = version
        self.value = value
    }

    /// Bits in an address of this version.
    var width: Int { version == 4 ? 32 : 128 }

    static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.version != rhs.version ? lhs.version < rhs.version : lhs.value < rhs.value
    }

    /// The address `offset` after this one (callers stay inside a subnet).
    func advanced(by offset: UInt128) -> IPAddress {
        IPAddress(version: version, value: value &+ offset)
    }

    /// Parses a bare address (no prefix); nil for anything else.
    static func parse(_ text: String) -> IPAddress? {
        if text.contains(":") { return parseV6(Substring(text)) }
        return parseV4(Substring(text)).map { IPAddress(version: 4, value: UInt128($0)) }
    }

    private static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let octet = UInt32(part), octet <= 255 else {
                return nil
            }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseV6(_ text: Substring) -> IPAddress? {
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        var halves = [String(text)]
        if let gap = text.firstRange(of: "::") {
            halves = [String(text[..<gap.lowerBound]), String(text[gap.upperBound...])]
            guard !halves[1].contains("::") else { return nil }
        }
        func parseGroups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4 && index == pieces.count - 1 && piece.contains(".") {
                    guard let v4 = parseV4(piece) else { return nil }
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard !piece.isEmpty, piece.count <= 4, let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        if halves.count == 2 {
            guard let head = parseGroups(halves[0], allowIPv4: false), let rest = parseGroups(halves[1], allowIPv4: true),
                head.count + rest.count <= 7
            else { return nil }
            groups = head
            tail = rest
            groups += Array(repeating: 0, count: 8 - head.count - rest.count)
        } else {
            guard let all = parseGroups(halves[0], allowIPv4: true), all.count == 8 else { return nil }
            groups = all
        }
        var value: UInt128 = 0
        for group in groups + tail { value = value << 16 | UInt128(group) }
        return IPAddress(version: 6, value: value)
    }

    var description: String {
        if version == 4 {
            let number = UInt32(truncatingIfNeeded: value)
            return [24, 16, 8, 0].map { String((number >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * $0)) }
        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}

/// A subnet: an address and a prefix length. `address` keeps what was given (host bits and all,
/// as security group rules show it); `first` is the network address.
struct IPNetwork: Hashable, Sendable {
    let address: IPAddress
    let prefix: Int

    var version: Int { address.version }

    private var hostMask: UInt128 {
        let hostBits = address.width - prefix
        return hostBits == 0 ? 0 : (hostBits >= 128 ? UInt128.max : (UInt128(1) << UInt128(hostBits)) - 1)
    }

    var first: IPAddress { IPAddress(version: version, value: address.value & ~hostMask) }
    var last: IPAddress { IPAddress(version: version, value: first.value | hostMask) }
    /// The normalized form, `10.0.0.0/24`.
    var cidr: String { "\(first)/\(prefix)" }
    /// As given: `10.0.0.1/8`.
    var text: String { "\(address)/\(prefix)" }

    func contains(_ ip: IPAddress) -> Bool {
        ip.version == version && ip >= first && ip <= last
    }

    func overlaps(_ other: IPNetwork) -> Bool {
        other.version == version && other.first <= last && first <= other.last
    }

    /// `addr/prefix`; a missing prefix means a single host.
    static func parse(_ text: String) -> IPNetwork? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress.parse(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return IPNetwork(address: address, prefix: address.width) }
        guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit), let prefix = Int(parts[1]), prefix <= address.width else {
            return nil
        }
        return IPNetwork(address: address, prefix: prefix)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
