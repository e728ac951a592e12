import JSONValue
import Logging

/// Which names hold secrets, decided as keystoneauth and openstacksdk (oslo's mask_password) do:
/// a name holds a secret when it contains one of a few words, in any case. Matching parts of
/// names catches what a list of whole names misses: `adminPass` in every server Nova creates,
/// `api_key`, `X-Auth-Token`, `application_credential_secret`, `OS_PASSWORD`. A few fields only
/// look secret; the ones people need to read in a log are kept by name.
enum SecretNames {
    /// "pass" covers password, passwd, passphrase and adminPass; "key" covers api_key and
    /// private_key; "credential" covers credentials; "authorization" and "cookie" are the HTTP
    /// headers that carry credentials (Basic and Bearer, sessions) in logged `http.request` headers.
    static let words = ["pass", "secret", "token", "key", "credential", "authorization", "cookie"]

    /// Names that contain a word but hold nothing secret: a server's key pair name, an SSH public
    /// key, and a key pair itself (its `private_key` is still redacted inside it). A count such as
    /// `tokens_issued` stays hidden: losing a number is cheap, a rule loose enough to let it
    /// through would not be.
    static let exceptions: Set<String> = ["key_name", "public_key", "keypair", "keypairs"]

    static let mask = "***"

    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return !exceptions.contains(lowered) && words.contains { lowered.contains($0) }
    }

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
    static func redacted(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                (key: member.key, value: isSecret(member.key) ? JSON(mask) : redacted(member.value))
            }))
        case .array(let elements):
            return .array(elements.map(redacted))
        case .null, .bool, .int, .float, .string:
            return value
        }
    }
}
