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

/// Which names hold secrets, decided as keystoneauth and openstacksdk (oslo's mask_password) do:
/// a name holds a secret when it contains one of a few words, in any case. Matching parts of
/// names catches what a list of whole names misses: `adminPass` in every server Nova creates,
/// `api_key`, `X-Auth-Token`, `application_credential_secret`, `OS_PASSWORD`. Logs and traces
/// both decide with it.
public enum SecretName {
    /// "pass" covers password, passwd, passphrase and adminPass; "key" covers api_key and
    /// private_key; "credential" covers credentials; "authorization" and "cookie" are the HTTP
    /// headers that carry credentials (Basic and Bearer, sessions).
    static let words = ["pass", "secret", "token", "key", "credential", "authorization", "cookie"]

    /// Names that contain a word but hold nothing secret: a server's key pair name, an SSH public
    /// key, and a key pair itself (its `private_key` is still redacted inside it). A count such as
    /// `tokens_issued` stays hidden: losing a number is cheap, a rule loose enough to let it
    /// through would not be.
    static let exceptions: Set<String> = ["key_name", "public_key", "keypair", "keypairs"]

    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return !exceptions.contains(lowered) && words.contains { lowered.contains($0) }
    }
}
