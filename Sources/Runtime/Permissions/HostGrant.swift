import Transport

/// One `--allow-net` value: a host, with or without a port (`example.com`, `example.com:8443`,
/// `10.0.0.5`, `[::1]:8080`, `::1`).
struct HostGrant: Sendable, Equatable, CustomStringConvertible {
    /// Lower case; an IPv6 address without brackets.
    let host: String
    /// Nil: any port.
    let port: Int?

    init?(_ text: String) {
        let value = text.lowercased()
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            host = String(value[value.index(after: value.startIndex)..<close])
            let rest = value[value.index(after: close)...]
            if rest.isEmpty {
                port = nil
            } else {
                guard rest.hasPrefix(":"), let number = Self.port(rest.dropFirst()) else { return nil }
                port = number
            }
        } else if value.filter({ $0 == ":" }).count > 1 {
            host = value // a bare IPv6 address: no port can follow it unbracketed
            port = nil
        } else if let colon = value.firstIndex(of: ":") {
            host = String(value[..<colon])
            guard let number = Self.port(value[value.index(after: colon)...]) else { return nil }
            port = number
        } else {
            host = value
            port = nil
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_:%")
        guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }) else { return nil }
    }

    func allows(_ origin: URLOrigin) -> Bool {
        origin.host == host && (port == nil || port == origin.port)
    }

    var description: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(shown):\($0)" } ?? shown
    }

    private static func port(_ text: Substring) -> Int? {
        guard let number = Int(text), (1...65535).contains(number) else { return nil }
        return number
    }
}
