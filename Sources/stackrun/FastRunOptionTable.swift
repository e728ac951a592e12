import ArgumentParser

/// One of run's options as FastRunArguments reads it: its kind and how a value lands in `Run`.
struct FastRunOption: Sendable {
    enum Kind: Sendable {
        /// No value; given at most once.
        case flag
        /// One value, given at most once (argument-parser would take the last; this reader
        /// leaves a repeat to it).
        case option
        /// One value each time, collected in order.
        case repeating
    }

    var kind: Kind
    /// For a second name of an option (--max-runtime for --timeout): the first, so that giving
    /// both counts as a repeat.
    var property: String? = nil
    /// Stores the value (or true, for a flag); false when the value does not convert.
    var assign: @Sendable (inout Run, String) -> Bool
}

/// Every long name of run's options and flags, its option groups' included. Values convert
/// with the types' own `init(argument:)`, as argument-parser converts them.
/// FastRunArgumentsTests checks these names and kinds against argument-parser's own view of
/// `Run`, so that an option added there and not here fails a test instead of being misread.
enum FastRunOptionTable {
    static let options: [String: FastRunOption] = [
        "output": value { $0.output = $1 },
        "timeout": value { $0.timeout = $1 },
        "max-runtime": value(sameAs: "timeout") { $0.timeout = $1 },
        "grace": value { $0.grace = $1 },
        "os-cloud": value { $0.cloud = $1 },
        "emulator": flag { $0.emulator = true },
        "retries": value { $0.retries = $1 },
        "max-concurrency": value { $0.maxConcurrency = $1 },
        "no-token-cache": flag { $0.noTokenCache = true },
        "journal": value { $0.journal = $1 },
        "no-journal": flag { $0.noJournal = true },
        "rollback-on-failure": flag { $0.rollbackOnFailure = true },
        "rollback-timeout": value { $0.rollbackTimeout = $1 },
        // PermissionOptions
        "allow-read": repeating { $0.grants.read.append($1) },
        "allow-write": repeating { $0.grants.write.append($1) },
        "allow-env": repeating { $0.grants.environment.append($1) },
        "allow-net": repeating { $0.grants.net.append($1) },
        "allow-exec": repeating { $0.grants.exec.append($1) },
        "allow-all": flag { $0.grants.all = true },
        // SandboxOptions, LimitOptions
        "strict": flag { $0.sandbox.strict = true },
        "memory-limit": value { $0.limits.memory = $1 },
        "cpu-limit": value { $0.limits.cpu = $1 },
        // LoggingOptions
        "log-level": value { $0.logging.logLevel = $1 },
        "log-format": value { $0.logging.logFormat = $1 },
        "quiet": flag { $0.logging.quiet = true },
        // JobOptions
        "lock": value { $0.job.lock = $1 },
        "wait-lock": value { $0.job.waitLock = $1 },
        "jitter": value { $0.job.jitter = $1 },
        "summary": flag { $0.job.summary = true },
        "quiet-success": flag { $0.job.quietSuccess = true },
        "keep": value { $0.job.keep = $1 },
        "no-history": flag { $0.job.noHistory = true },
        "metrics-file": value { $0.job.metricsFile = $1 },
        "ping": value { $0.job.ping = $1 },
        "ping-file": value { $0.job.pingFile = $1 },
        "ping-exit-code": flag { $0.job.pingExitCode = true },
        // DebugOptions
        "debug": flag { $0.debugging.debug = true },
        "debug-body-limit": value { $0.debugging.debugBodyLimit = $1 },
    ]

    private static func flag(_ set: @escaping @Sendable (inout Run) -> Void) -> FastRunOption {
        FastRunOption(kind: .flag) { run, _ in set(&run); return true }
    }

    private static func value<Value: ExpressibleByArgument>(
        sameAs property: String? = nil, _ set: @escaping @Sendable (inout Run, Value) -> Void) -> FastRunOption {
        FastRunOption(kind: .option, property: property) { run, text in
            guard let value = Value(argument: text) else { return false }
            set(&run, value)
            return true
        }
    }

    private static func repeating(_ append: @escaping @Sendable (inout Run, String) -> Void) -> FastRunOption {
        FastRunOption(kind: .repeating) { run, text in append(&run, text); return true }
    }
}
