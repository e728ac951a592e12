/// The decoded query string, in order, with repeated names kept (Neutron filters take
/// `?status=ACTIVE&status=DOWN`).
public struct QueryItems: Sendable, Sequence {
    public private(set) var items: [(name: String, value: String)]

    public init(_ items: [(name: String, value: String)] = []) { self.items = items }

    /// Parses `a=1&b=x%20y&flag`; a name without `=` has the empty value.
    public init(parsing query: String?) {
        items = []
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = pair.firstIndex(of: "=") {
                items.append((Self.decode(pair[..<equals]), Self.decode(pair[pair.index(after: equals)...])))
            } else {
                items.append((Self.decode(pair), ""))
            }
        }
    }

    public func first(_ name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    public func all(_ name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        items.contains { $0.name == name }
    }

    public var names: [String] { items.map(\.name) }
    public var isEmpty: Bool { items.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { items.makeIterator() }

    /// `name=value&…`, percent-encoded, for the `next` links of paginated lists.
    public static func encode(_ items: [(name: String, value: String)]) -> String {
        items.map { Self.encodeComponent($0.name) + "=" + Self.encodeComponent($0.value) }.joined(separator: "&")
    }

    static func encodeComponent(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Percent-decoding; `+` is a space in a query string.
    static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
