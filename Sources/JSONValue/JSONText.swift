/// A JSON value that describes itself as its JSON text. It lets a number, a boolean or null
/// travel through an API that carries values as text, such as swift-log's metadata
/// (`.stringConvertible`), without turning into a string: whoever recognises the type (stackrun's
/// log handler) writes the value as the JSON it is, and anyone else still gets faithful text.
public struct JSONText: Sendable, Hashable, CustomStringConvertible {
    public let value: JSON

    public init(_ value: JSON) { self.value = value }

    /// Compact JSON text; `null` for what JSON cannot hold (a NaN, bytes that are not UTF-8).
    public var description: String { (try? value.encodedString()) ?? "null" }
}
