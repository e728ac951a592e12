/// What a script may touch beyond its cloud, as Deno grants it: nothing unless granted. The
/// command line builds it from `--allow-read`, `--allow-write`, `--allow-env`, `--allow-net`,
/// `--allow-exec` and `--allow-all`; a program embedding the Runtime passes one to `Runtime.init`.
///
/// Always granted, whatever this says: reading the working directory and the script's own
/// directory, reading the non-secret `OS_*` and `STACKRUN_*` variables, and the OpenStack
/// modules' calls to their clouds' endpoints. Never granted, whatever this says (even `all`):
/// variables whose names hold secrets (`OS_PASSWORD`, `OS_TOKEN`...), the clouds.yaml and
/// secure.yaml files, the token cache, and /proc (every process's environment is there).
public struct Permissions: Sendable, Equatable {
    /// Files or directories (and all beneath them) scripts may read, list and test for.
    public var read: [String]
    /// Files or directories (and all beneath them) scripts may write.
    public var write: [String]
    /// Variable names `os.getenv` may read; `NAME*` grants every name starting with NAME.
    public var environment: [String]
    /// `HOST` (any port) or `HOST:PORT` (`[::1]:8080` for IPv6) that `http.request` may call.
    public var net: [String]
    /// Programs `exec` may run: a name looked up on PATH, or a path.
    public var exec: [String]
    /// Everything above, everywhere (the secrets stay out of reach).
    public var all: Bool

    public init(read: [String] = [], write: [String] = [], environment: [String] = [], net: [String] = [],
                exec: [String] = [], all: Bool = false) {
        self.read = read
        self.write = write
        self.environment = environment
        self.net = net
        self.exec = exec
        self.all = all
    }

    /// What `stackrun run` grants without a flag: the defaults above and nothing else. The
    /// Runtime's default too, so that a program embedding it is as safe as the command line
    /// unless it says otherwise.
    public static let standard = Permissions()

    /// `--allow-all`.
    public static let allowAll = Permissions(all: true)

    /// What is wrong with the grants, one message per problem (for a usage error): a variable
    /// that holds a secret, a host that is not one, an empty value.
    public func problems() -> [String] {
        var found: [String] = []
        for (flag, values) in [("--allow-read", read), ("--allow-write", write), ("--allow-exec", exec)] where values.contains("") {
            found.append("\(flag) needs a value")
        }
        for name in environment {
            if name.isEmpty || name == "*" {
                found.append("--allow-env needs variable names (--allow-all grants every one)")
            } else if EnvironmentRules.isSecret(name) {
                found.append("--allow-env=\(name): that name holds a secret, which scripts never read (credentials reach the clouds inside stackrun)")
            }
        }
        for host in net where HostGrant(host) == nil {
            found.append("--allow-net=\(host): not HOST or HOST:PORT (an IPv6 address with a port is written [::1]:8080)")
        }
        return found
    }
}
