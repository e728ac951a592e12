/// A cloud cannot be configured: no such cloud, a missing setting, an unreadable file.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
