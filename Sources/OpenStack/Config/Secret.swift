/// A password, token or key. It prints as "***" in every interpolation, description and debug
/// dump, so a secret that reaches a log line or an error message by mistake still says nothing.
/// Only `reveal()` gives the value, for the one place that sends it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "***" }
    public var debugDescription: String { "Secret(***)" }
}
