public import JSONValue

/// How `stackrun run` ends, as a process exit status.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// The script raised an error, returned something that is not JSON, or a task it never
    /// waited for failed.
    case scriptError = 1
    /// Bad flags, a missing script file, recipe parameters that do not validate.
    case usage = 2
    /// The cloud configuration is missing or wrong (no such cloud in clouds.yaml, no auth_url...).
    case configuration = 3
    /// Keystone refused the credentials, or a token could not be renewed.
    case authentication = 4
    /// A cloud could not be reached: no connection after every retry (cannot resolve, connect, TLS).
    case unreachable = 5
    /// Lua's heap reached --memory-limit and the script did not recover (it did not catch the
    /// error, or went past the limit again after catching it); or the system's memory ran out,
    /// and the process ended at once with one line on stderr, set from C
    /// (SR_EXIT_OUT_OF_MEMORY, which a test checks against this).
    case outOfMemory = 6
    /// `stackrun cleanup` could not undo everything the journal lists; what is left is printed.
    case incompleteCleanup = 7
    /// An installed recipe's files no longer match the hashes its lock recorded at install
    /// (changed after install): it is not run. EX_DATAERR.
    case recipeChanged = 65
    /// Another stackrun process holds the lock: `run --lock`'s file (another run of the same
    /// job still going), or a journal's (the run still writing it, or another cleanup of it).
    /// EX_TEMPFAIL: trying again later is the remedy.
    case lockHeld = 75
    /// A refusal nothing caught: the script asked for what the permissions do not grant (an
    /// error of kind `permission_denied`). EX_NOPERM.
    case permissionDenied = 77
    /// `--timeout` expired: every task was cancelled.
    case timeout = 124
    /// `--cpu-limit` was used up: the Lua code running was stopped. 128 + SIGXCPU, what a shell
    /// reports for a process that went past `ulimit -t`.
    case cpuLimit = 152
    case interrupted = 130
    case terminated = 143

    public var meaning: String {
        switch self {
        case .success: "success"
        case .scriptError: "the script raised an error (or a task it did not wait for failed)"
        case .usage: "usage error: bad flags or arguments, a missing script file, parameters that do not validate"
        case .configuration: "the cloud configuration is missing or wrong (clouds.yaml, OS_* variables)"
        case .authentication: "Keystone refused the credentials, failed to issue a token, or the token could not be renewed"
        case .unreachable: "a cloud could not be reached: no connection after every retry (DNS, connect, TLS)"
        case .outOfMemory: "Lua ran out of memory: the heap reached --memory-limit and the script did not recover, or the system's memory ran out (then the run ended at once)"
        case .incompleteCleanup: "stackrun cleanup could not undo everything in the journal (what is left is listed)"
        case .recipeChanged: "an installed recipe's files no longer match recipes.lock (or stackrun.lock): it was not run"
        case .lockHeld: "another stackrun holds the lock: --lock's file (the job's last run still going), or the journal's (its run, or another cleanup)"
        case .permissionDenied: "the script was refused what the permissions do not grant (--allow-read, --allow-net...): an uncaught permission_denied error"
        case .timeout: "--timeout expired: all tasks were cancelled (cleanup had --grace seconds)"
        case .cpuLimit: "--cpu-limit was used up: the Lua code running was stopped"
        case .interrupted: "interrupted by SIGINT (Ctrl-C): tasks were cancelled"
        case .terminated: "terminated by SIGTERM: tasks were cancelled"
        }
    }

    /// The case's name in snake case ("script_error"): a run summary's `outcome`. Spelt out:
    /// `String(describing:)` reflects on the enum, 2.3 M instructions at every run's end, a
    /// fifth of an empty run's start-up (ExitTableTests checks each against the case's name).
    public var name: String {
        switch self {
        case .success: "success"
        case .scriptError: "script_error"
        case .usage: "usage"
        case .configuration: "configuration"
        case .authentication: "authentication"
        case .unreachable: "unreachable"
        case .outOfMemory: "out_of_memory"
        case .incompleteCleanup: "incomplete_cleanup"
        case .recipeChanged: "recipe_changed"
        case .lockHeld: "lock_held"
        case .permissionDenied: "permission_denied"
        case .timeout: "timeout"
        case .cpuLimit: "cpu_limit"
        case .interrupted: "interrupted"
        case .terminated: "terminated"
        }
    }
}

/// An error raised by a script, with where it happened.
public struct ScriptFailure: Sendable, CustomStringConvertible {
    public var message: String
    public var traceback: String?
    /// The error value when it was a table: its fields as JSON, secrets masked.
    public var value: JSON?

    public init(message: String, traceback: String? = nil, value: JSON? = nil) {
        self.message = message
        self.traceback = traceback
        self.value = value
    }

    public var description: String { traceback.map { "\(message)\n\($0)" } ?? message }
}

/// The outcome of running a script.
public struct RunReport: Sendable {
    public var status: ExitStatus
    /// What the main chunk returned, as JSON (empty unless it succeeded).
    public var results: [JSON] = []
    /// Why the run failed, when the main chunk did (or the script could not be loaded).
    public var failure: ScriptFailure?
    /// The `kind` of the main chunk's error table, if it raised one.
    public var failureKind: String?
    /// Errors of tasks nothing waited for.
    public var unobservedFailures: [ScriptFailure] = []
    /// Their `kind`s, where they raised error tables (for the exit status).
    public var unobservedKinds: [String] = []
    /// Where the run journal is, and whether the run changed anything.
    public var journal: JournalSummary?
    /// What `--rollback-on-failure` did, when the run failed.
    public var rollback: RollbackResult?
    /// The recipe's name, when the script was one (it returned a declaration).
    public var recipe: String?

    public struct JournalSummary: Sendable {
        public var path: String
        public var hasChanges: Bool

        public init(path: String, hasChanges: Bool) {
            self.path = path
            self.hasChanges = hasChanges
        }
    }

    public init(status: ExitStatus, results: [JSON] = [], failure: ScriptFailure? = nil, unobservedFailures: [ScriptFailure] = []) {
        self.status = status
        self.results = results
        self.failure = failure
        self.unobservedFailures = unobservedFailures
    }
}

/// A script to run and what it receives.
public struct Script: Sendable {
    public var path: String
    /// The script's arguments: `arg[1]...` and the chunk's `...`.
    public var arguments: [String]
    /// The command line before the script path (`arg[-n]...arg[-1]`, as lua.c sets them).
    public var precedingArguments: [String]
    /// The name the script was found by on the recipe path (`stackrun run network-stack`):
    /// its declaration must carry the same name. Nil for a script given as a file.
    public var recipeName: String?

    public init(path: String, arguments: [String] = [], precedingArguments: [String] = ["stackrun", "run"],
                recipeName: String? = nil) {
        self.path = path
        self.arguments = arguments
        self.precedingArguments = precedingArguments
        self.recipeName = recipeName
    }
}
