import SystemIO

/// git, run for `recipe install` and `update`: never prompting (a cron job has no terminal to
/// answer on), with messages in English so they can be quoted, and found on PATH.
struct GitRunner {
    let executable: String?
    let environment: [String]

    init(environment: (String) -> String?) {
        let path = environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        executable = POSIXFile.executablePath("git", searchPath: path)
        var variables = ["PATH=\(path)", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C"]
        // What git needs to reach a private repository: the user's config, keys and agent,
        // proxies, and the CA bundle of a private server.
        for name in ["HOME", "SSH_AUTH_SOCK", "GIT_SSH_COMMAND", "XDG_CONFIG_HOME", "http_proxy", "HTTP_PROXY", "https_proxy",
                     "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "GIT_SSL_CAINFO", "SSL_CERT_FILE", "SSL_CERT_DIR"] {
            if let value = environment(name) { variables.append("\(name)=\(value)") }
        }
        // ssh would ask on the terminal for an unknown host key or a passphrase, and wait
        // forever under cron: in batch mode it fails with a message instead.
        if environment("GIT_SSH_COMMAND") == nil { variables.append("GIT_SSH_COMMAND=ssh -o BatchMode=yes") }
        self.environment = variables
    }

    /// How long one git command may take: a clone of a recipe is small, and a server that
    /// stops answering must not hold a scheduled job forever.
    static let timeoutSeconds = 300.0

    /// Clones `source` into the empty directory `directory`, detached at `ref` (a branch, tag
    /// or commit; the default branch when nil); returns the commit checked out. A tag is
    /// resolved to its commit here, once: tags can be moved, a commit cannot.
    func checkout(_ source: String, ref: String?, into directory: String) throws(RecipeInstallFailure) -> String {
        try run(["clone", "--quiet", "--no-checkout", "--", source, directory], doing: "clone \(source)")
        var commit = try run(["-C", directory, "rev-parse", "--verify", "HEAD^{commit}"], doing: "find the default branch of \(source)")
        if let ref {
            let candidates = [ref, "origin/\(ref)"].map { ["-C", directory, "rev-parse", "--verify", "--quiet", "\($0)^{commit}"] }
            guard let found = candidates.lazy.compactMap({ try? self.run($0, doing: "") }).first else {
                throw RecipeInstallFailure("\(source) has no branch, tag or commit '\(ref)'")
            }
            commit = found
        }
        try run(["-C", directory, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit],
                doing: "check out \(commit) of \(source)")
        return commit
    }

    @discardableResult
    private func run(_ arguments: [String], doing what: String) throws(RecipeInstallFailure) -> String {
        guard let executable else { throw RecipeInstallFailure("git is needed to \(what), and it is not on PATH") }
        let completion: ChildProcess.Completion
        do {
            completion = try ChildProcess.run(executable, arguments: ["git"] + arguments, environment: environment,
                                              timeoutSeconds: Self.timeoutSeconds)
        } catch {
            throw RecipeInstallFailure("cannot run git to \(what): \(error)")
        }
        guard completion.succeeded else {
            if completion.timedOut { throw RecipeInstallFailure("git could not \(what): no end after \(Int(Self.timeoutSeconds)) s, stopped") }
            let message = completion.errorText.split(separator: "\n").last.map(String.init) ?? "\(completion.termination)"
            throw RecipeInstallFailure("git could not \(what): \(message)")
        }
        return completion.outputText.split(separator: "\n").first.map(String.init) ?? ""
    }
}
