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
        // What git needs to reach a private repository: the user's config, keys and agent.
        for name in ["HOME", "SSH_AUTH_SOCK", "GIT_SSH_COMMAND", "XDG_CONFIG_HOME", "https_proxy", "HTTPS_PROXY", "no_proxy"] {
            if let value = environment(name) { variables.append("\(name)=\(value)") }
        }
        self.environment = variables
    }

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
            completion = try ChildProcess.run(executable, arguments: ["git"] + arguments, environment: environment)
        } catch {
            throw RecipeInstallFailure("cannot run git to \(what): \(error)")
        }
        guard completion.succeeded else {
            let message = completion.errorText.split(separator: "\n").last.map(String.init) ?? "\(completion.termination)"
            throw RecipeInstallFailure("git could not \(what): \(message)")
        }
        return completion.outputText.split(separator: "\n").first.map(String.init) ?? ""
    }
}
