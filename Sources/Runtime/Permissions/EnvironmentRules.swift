import Transport
import OpenStack

/// Which environment variables `os.getenv` answers for.
enum EnvironmentRules {
    /// A name that holds a secret by the rule logs use (SecretName: `pass`, `secret`, `token`,
    /// `key`, `credential`... in any case): `OS_PASSWORD`, `OS_TOKEN`,
    /// `OS_APPLICATION_CREDENTIAL_SECRET`, `GITHUB_TOKEN`. Scripts never read one, whatever is
    /// granted; programs they run do not get one either.
    static func isSecret(_ name: String) -> Bool {
        SecretName.isSecret(name)
    }

    /// Granted without a flag: the cloud's non-secret settings (`OS_CLOUD`, `OS_REGION_NAME`,
    /// `OS_AUTH_URL`...) and stackrun's own variables.
    static func isGrantedByDefault(_ name: String) -> Bool {
        name.hasPrefix("OS_") || name.hasPrefix("STACKRUN_")
    }

    /// Whether `--allow-env` value `grant` covers `name`: the name itself, or a prefix ending in `*`.
    static func grant(_ grant: String, covers name: String) -> Bool {
        if grant.hasSuffix("*") { return name.hasPrefix(grant.dropLast()) }
        return grant == name
    }

    /// The environment a program run by `exec` gets: this process's, without its secrets.
    static func childEnvironment(_ variables: [String]) -> [String] {
        variables.filter { entry in
            let name = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? entry
            return !isSecret(name)
        }
    }
}
