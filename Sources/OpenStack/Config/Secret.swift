public import JSONValue
public import Transport
import SystemIO

/// A password, token or key. It prints as "***" in every interpolation, description and debug
/// dump, so a secret that reaches a log line or an error message by mistake still says nothing.
/// Only `reveal()` gives the value, for the one place that sends it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    /// "{SHA256}" and the first 16 hex digits of the value's SHA-256, as keystoneauth shows
    /// tokens in `openstack --debug`: two traces of one token can be matched, and the token
    /// cannot be found from it. Only for tokens, 256 random bits: a password's hash could be
    /// guessed from a word list, so a password is only ever "***".
    public var fingerprint: String { "{SHA256}" + SHA256.hex(value).prefix(16) }

    public var description: String { "***" }
    public var debugDescription: String { "Secret(***)" }
}

extension SecretName {
    /// `value` with every member whose name holds a secret, at any depth, replaced by "***".
    public static func redacted(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                (key: member.key, value: isSecret(member.key) ? JSON("***") : redacted(member.value))
            }))
        case .array(let elements):
            return .array(elements.map(redacted))
        case .null, .bool, .int, .float, .string:
            return value
        }
    }
}
