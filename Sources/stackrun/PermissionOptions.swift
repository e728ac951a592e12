import ArgumentParser
import Runtime

/// `stackrun run`'s grants, Deno-style: nothing beyond the defaults unless given. Each flag may
/// be repeated and takes a comma-separated list.
struct PermissionOptions: ParsableArguments {
    @Option(name: .customLong("allow-read"),
            help: ArgumentHelp("Let the script read these files or directories (fs.read, fs.list, fs.exists, uploads). Always: the working directory and the script's own.",
                               valueName: "path[,path...]"))
    var read: [String] = []

    @Option(name: .customLong("allow-write"),
            help: ArgumentHelp("Let the script write these files, or files in these directories (fs.write, http.request output, downloads).", valueName: "path[,path...]"))
    var write: [String] = []

    @Option(name: .customLong("allow-env"),
            help: ArgumentHelp("Let os.getenv read these variables (NAME* for a prefix). Always: the non-secret OS_* and STACKRUN_* ones; never a secret (OS_PASSWORD...).",
                               valueName: "name[,name...]"))
    var environment: [String] = []

    @Option(name: .customLong("allow-net"),
            help: ArgumentHelp("Let http.request call these hosts (any port unless one is given). The clouds' own endpoints need no grant.",
                               valueName: "host[:port][,...]"))
    var net: [String] = []

    @Option(name: .customLong("allow-exec"),
            help: ArgumentHelp("Let exec{...} run these programs (a name on PATH, or a path).", valueName: "program[,program...]"))
    var exec: [String] = []

    @Flag(name: .customLong("allow-all"), help: "Grant everything above, everywhere: for your own trusted scripts. Secrets stay out of reach.")
    var all = false

    var permissions: Permissions {
        Permissions(read: Self.split(read), write: Self.split(write), environment: Self.split(environment),
                    net: Self.split(net), exec: Self.split(exec), all: all)
    }

    func validate() throws {
        if let problem = permissions.problems().first { throw ValidationError(problem) }
    }

    /// "a,b" and "a" "b" alike; an empty value stays, so that `--allow-read=` is reported.
    private static func split(_ values: [String]) -> [String] {
        values.flatMap { value in value.isEmpty ? [""] : value.split(separator: ",").map(String.init) }
    }
}
