import JSONValue
import OpenStack
import Transport
import Logging

/// Redaction of what a log record carries: every member whose name holds a secret (the rule is
/// OpenStack's `SecretName`, shared with request traces) is masked, at any depth.
enum SecretNames {
    static let mask = "***"

    static func isSecret(_ name: String) -> Bool { SecretName.isSecret(name) }

    /// `value`, logged under `name`, with every secret in it (at any depth) replaced by the mask.
    static func redacted(_ value: Logger.MetadataValue, named name: String) -> Logger.MetadataValue {
        if isSecret(name) { return .string(mask) }
        switch value {
        case .dictionary(let members):
            return .dictionary(members.reduce(into: [:]) { $0[$1.key] = redacted($1.value, named: $1.key) })
        case .array(let elements):
            return .array(elements.map { redacted($0, named: "") })
        case .string, .stringConvertible:
            return value
        }
    }

    /// A JSON value with every member whose name holds a secret (at any depth) masked.
    static func redacted(_ value: JSON) -> JSON { SecretName.redacted(value) }
}
