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
    /// key, and the objects Nova and Keystone wrap a key pair and an application credential in
    /// (their `private_key` and `secret` are still masked inside them, and what is around those
    /// says which one it was), and the identity service's name (a run summary's calls per
    /// service). A count such as `tokens_issued` stays hidden: losing a number is
    /// cheap, a rule loose enough to let it through would not be.
    static let exceptions: Set<String> = ["key_name", "public_key", "keypair", "keypairs",
                                          "application_credential", "application_credentials", "keystone"]

    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return !exceptions.contains(lowered) && words.contains { lowered.contains($0) }
    }

    /// `name=value&...` (a query, a form) with the value of each secret name masked.
    public static func maskingFields(_ fields: Substring) -> String {
        fields.split(separator: "&", omittingEmptySubsequences: false).map { field in
            guard let equals = field.firstIndex(of: "=") else { return String(field) }
            return isSecret(String(field[..<equals])) ? "\(field[..<equals])=***" : String(field)
        }.joined(separator: "&")
    }
}
