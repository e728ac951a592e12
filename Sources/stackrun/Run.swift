import ArgumentParser
import Glibc
import JSONValue
import Logging
import OpenStack
import Runtime
import Transport

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here: otherwise argument-parser derives it from the type name with
        // String(describing:), which demangles at every start (docs/performance.md).
        commandName: "run",
        abstract: "Run a Lua script.",
        discussion: """
            The script's arguments are in arg[1]... and in the chunk's `...`. What it returns is \
            printed on stdout as one JSON document (several values as an array), or with \
            --output text a line per value. Logs, print and errors go to stderr.

            After --timeout, SIGINT or SIGTERM every task is cancelled: the cancellation error is \
            raised where each task waits, and its pcall handlers and <close> variables may still \
            call APIs (delete what it was building) for --grace seconds. Then whatever still \
            waits is cancelled again and Lua code still running is stopped, so the run ends at \
            most --grace seconds after it was cancelled. A second signal exits at once.

            With --log-format json every record carries the run's id (and its recipe), each API \
            call is one info record (method, url, status, ms, request_id, service), and the last \
            record is the run summary. --lock FILE makes a job run once at a time (see \
            `stackrun cron`). Every run is recorded in the run history (see `stackrun runs`), \
            the tail of its log too when it fails; --quiet-success prints the log only then. \
            --metrics-file FILE writes the job's Prometheus metrics at the end of each run; \
            --ping URL pings a health-check service (healthchecks.io's protocol) when the run \
            starts and ends. Neither changes the exit status.

            Example:
              stackrun run --timeout 300 --log-level debug scripts/examples/hello.lua world
              stackrun run --debug --debug-body-limit 1024 scripts/examples/hello.lua
              stackrun run --lock /tmp/job.lock --log-format json --quiet job.lua
              stackrun run --quiet-success --keep 20 nightly-cleanup
              stackrun run --metrics-file /var/lib/node_exporter/textfile/backup.prom --ping https://hc-ping.com/UUID backup.lua

            Exit status:
            \(ExitStatus.helpTable)
            """)

    @Argument(help: "The Lua script to run: a file, or a recipe's name along the recipe path (see `stackrun recipe`).")
    var script: String

    @Argument(parsing: .captureForPassthrough,
              help: "Arguments for the script; for a recipe, its parameters: --param KEY=VALUE (repeatable) and --params-file FILE (JSON or YAML).")
    var arguments: [String] = []

    @Option(help: "How to print the values the script returns: json or text.")
    var output: OutputFormat = .json

    @Option(name: [.customLong("timeout"), .customLong("max-runtime")],
            help: "Cancel every task after this many seconds (cleanup and --rollback-on-failure still run) and exit with 124. --max-runtime is the same.")
    var timeout: Double?

    @Option(help: "Seconds cleanup code may still call APIs after the run was cancelled; then the run ends.")
    var grace: Double = Scheduler.defaultGraceSeconds

    @Option(name: .customLong("os-cloud"), help: "The clouds.yaml entry to use by default (wins over OS_CLOUD).")
    var cloud: String?

    @Flag(help: "Use the built-in OpenStack emulator even when a cloud is configured.")
    var emulator = false

    @Option(help: "How many times a failed API request may be sent again (0-20; default 4, or clouds.yaml's api_retry_count).")
    var retries: Int?

    @Option(name: .customLong("max-concurrency"), help: "At most this many API requests in flight per service (default 16).")
    var maxConcurrency: Int?

    @Flag(name: .customLong("no-token-cache"),
          help: "Sign in anew instead of reusing a token kept by an earlier run (also STACKRUN_NO_TOKEN_CACHE=1).")
    var noTokenCache = false

    @Option(help: "The run journal: every resource the run creates and every join it makes, as it happens (default: a new file in $XDG_STATE_HOME/stackrun/journals).")
    var journal: String?

    @Flag(name: .customLong("no-journal"), help: "Keep no run journal (no rollback, no stackrun cleanup for this run).")
    var noJournal = false

    @Flag(name: .customLong("rollback-on-failure"),
          help: "When the run fails, times out or is interrupted, delete what it created, joins undone first.")
    var rollbackOnFailure = false

    @Option(name: .customLong("rollback-timeout"), help: "Seconds the rollback may take in all (default 600).")
    var rollbackTimeout: Double = 600

    @OptionGroup(title: "Permissions") var grants: PermissionOptions

    @OptionGroup(title: "Sandbox") var sandbox: SandboxOptions
    @OptionGroup(title: "Limits") var limits: LimitOptions

    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Scheduled jobs") var job: JobOptions

    @OptionGroup var debugging: DebugOptions

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if !(grace >= 0 && grace.isFinite) {
            throw ValidationError("--grace must be a number of seconds, 0 or more")
        }
        if let retries, !(0...20).contains(retries) {
            throw ValidationError("--retries must be a whole number from 0 to 20")
        }
        if let maxConcurrency, maxConcurrency < 1 {
            throw ValidationError("--max-concurrency must be at least 1")
        }
        if noJournal, journal != nil { throw ValidationError("--journal and --no-journal cannot both be given") }
        if noJournal, rollbackOnFailure {
            throw ValidationError("--rollback-on-failure undoes what the journal records: it cannot be given with --no-journal")
        }
        if !(rollbackTimeout > 0 && rollbackTimeout.isFinite) {
            throw ValidationError("--rollback-timeout must be a positive number of seconds")
        }
    }

    func run() throws {
        let runID = JournalLocation.newRunID()
        LogContext.runID = runID
        logging.bootstrap(debug: debugging.debug)
        let diagnostics = logging.diagnostics
        var script = Script(path: script, arguments: arguments, precedingArguments: precedingArguments())
        if RecipeLookup.isRecipeName(script.path) {
            guard let file = RecipeLookup.file(for: script.path) else {
                diagnostics.error(RecipeLookup.notFound(script.path))
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            (script.path, script.recipeName) = (file.path, file.name)
        }
        let pingURL: String?
        do {
            pingURL = try job.pingURL()
        } catch {
            diagnostics.error(error.message)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        // From here on a --quiet-success run's output is held back: the jitter's line and a
        // lock taken over are news only if the run then fails. A run that cannot start (the
        // lock held) prints what it held at once.
        if job.quietSuccess { StderrCapture.hold() }
        job.waitJitter()
        var lock: RunLock?
        if let path = job.lock {
            switch RunLock.take(RunJournals.absolute(path), waitSeconds: job.waitLock, runID: runID) {
            case .taken(let taken, let previous):
                lock = taken
                if let previous {
                    Logger(label: "stackrun").warning("took over the lock \(path) from pid \(previous.pid) on \(previous.host) (run \(previous.runID), since \(previous.started)), which ended without releasing it")
                }
            case .held(let line):
                diagnostics.error(line)
                if job.quietSuccess { HeldOutput.finish(succeeded: false, diagnostics: diagnostics) }
                throw ExitCode(ExitStatus.lockHeld.rawValue)
            case .failed(let line):
                diagnostics.error(line)
                if job.quietSuccess { HeldOutput.finish(succeeded: false, diagnostics: diagnostics) }
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        let reporting = JobReporting(options: job, pingURL: pingURL, runID: runID)
        var warnings: [String] = []
        if let problem = reporting.started() {
            Logger(label: "stackrun").warning("\(problem)")
            warnings.append(problem)
        }
        // The run's time starts once it holds its lock: waiting for it is not the run.
        let started = (monotonic: monotonicNanoseconds(), wall: RunSummary.now())
        let settings = Settings(timeout: timeout, grace: grace, cloud: cloud, emulator: emulator, retries: retries,
                                maxConcurrency: maxConcurrency,
                                tokenCache: !noTokenCache && !Self.cacheTurnedOff(Environment.value("STACKRUN_NO_TOKEN_CACHE")),
                                journal: noJournal ? .none : journal.map { .at($0) } ?? .inStateDirectory,
                                rollbackTimeout: rollbackOnFailure ? rollbackTimeout : nil, permissions: grants.permissions,
                                tracedBodyLimit: debugging.tracedBodyLimit, strictGlobals: sandbox.strict,
                                limits: limits.limits, runID: runID,
                                requestLogLevel: logging.format == .json ? .info : .debug,
                                showsProgress: isatty(STDERR_FILENO) != 0 && logging.format == .text && !logging.quiet
                                    && !job.quietSuccess)
        let (report, counts) = EventLoop.shared.runBlocking { [script] in await Self.execute(script, settings) }
        let status = ReportPrinter(output: output, diagnostics: diagnostics).print(report)
        let milliseconds = Int((monotonicNanoseconds() &- started.monotonic) / 1_000_000)
        var summary = RunSummary(runID: runID, recipe: LogContext.recipe, status: status, started: started.wall,
                                 milliseconds: milliseconds, counts: counts)
        // The metrics file, the end ping and the run history before the summary, which stays
        // the last record and carries their problems: --quiet keeps the summary, not warnings.
        summary.warnings = warnings
        summary.warnings += reporting.ended(summary, job: RunHistory.jobName(scriptPath: script.path,
                                                                             recipe: summary.recipe ?? script.recipeName))
        if !job.noHistory, let problem = RunRecorder.record(summary, script: script, keep: job.keep) {
            summary.warnings.append(problem)
        }
        for problem in summary.warnings.dropFirst(warnings.count) { Logger(label: "stackrun").warning("\(problem)") }
        if job.summary || logging.quiet || logging.format == .json { diagnostics.summary(summary) }
        if job.quietSuccess {
            HeldOutput.finish(succeeded: status == .success, diagnostics: diagnostics)
            // A run that succeeded quietly still says what went wrong around it, in its summary
            // (written whatever --quiet and --log-level say).
            if status == .success && !summary.warnings.isEmpty { diagnostics.summary(summary) }
        }
        // Held to the end, rollback included: the next run of the job starts after this one ended.
        lock?.release()
        throw ExitCode(status.rawValue)
    }

    /// Runs the script in a runtime that is closed and released before this returns, so that
    /// everything the run allocated is freed (what the valgrind check relies on).
    struct Settings: Sendable {
        var timeout: Double?
        var grace: Double
        var cloud: String?
        var emulator: Bool
        var retries: Int?
        var maxConcurrency: Int?
        var tokenCache: Bool
        var journal: JournalChoice
        /// Roll back a failed run within this many seconds; nil: leave what it made.
        var rollbackTimeout: Double?
        var permissions: Permissions
        /// --debug's body limit; nil without --debug.
        var tracedBodyLimit: Int?
        var strictGlobals = false
        var limits: ResourceLimits
        var runID: String
        var requestLogLevel: Logger.Level
        /// stderr is a terminal that gets text: long waits show a live progress line.
        var showsProgress: Bool
    }

    /// STACKRUN_NO_TOKEN_CACHE set to anything but empty, 0, false or no turns the cache off:
    /// the variable's name says "off", so any other value (1, yes, true) is read as meaning it.
    static func cacheTurnedOff(_ value: String?) -> Bool {
        guard let value else { return false }
        return !["", "0", "false", "no"].contains(value.lowercased())
    }

    @LoopActor
    private static func execute(_ script: Script, _ settings: Settings) async -> (RunReport, RunCounts) {
        let runtime: Runtime
        do {
            runtime = try Runtime(permissions: settings.permissions)
        } catch {
            return (RunReport(status: .scriptError, failure: ScriptFailure(message: "\(error)")), RunCounts())
        }
        let tally = RunTally()
        runtime.clouds.tally = tally
        runtime.clouds.requestLogLevel = settings.requestLogLevel
        let progress = settings.showsProgress ? WaitProgressReporter() : nil
        runtime.clouds.waitObserver = progress
        defer { progress?.finish() }
        SignalHandling.install(for: runtime)
        runtime.strictGlobals = settings.strictGlobals
        runtime.limits = settings.limits
        runtime.clouds.preferredCloud = settings.cloud
        runtime.clouds.forceEmulator = settings.emulator
        runtime.clouds.retries = settings.retries
        runtime.clouds.maxConcurrency = settings.maxConcurrency
        runtime.clouds.tokenCache = settings.tokenCache
        if let limit = settings.tracedBodyLimit { runtime.traceHTTP(bodyLimit: limit) }
        do {
            runtime.clouds.journal = try RunJournals.journal(settings.journal, for: script, runID: settings.runID)
        } catch {
            return (RunReport(status: .usage, failure: ScriptFailure(message: error.description)), tally.counts)
        }
        var report = await runtime.run(script, timeout: settings.timeout, grace: settings.grace)
        if let journal = runtime.clouds.journal {
            report.journal = RunReport.JournalSummary(path: journal.path, hasChanges: journal.hasLastingChanges)
            if report.status != .success, let seconds = settings.rollbackTimeout {
                report.rollback = await runtime.rollBack(within: seconds)
                // A signal that stopped the rollback decides how the run ends, as it would have
                // had it come during the script.
                if report.rollback?.interrupted == true {
                    report.status = runtime.interruption == .terminated ? .terminated : .interrupted
                }
            }
            journal.close()
        }
        runtime.close()
        return (report, tally.counts)
    }

    /// The command line before the script path, for arg[-n]...arg[-1] (as lua.c sets them).
    private func precedingArguments() -> [String] {
        let all = CommandLine.arguments
        guard let index = all.firstIndex(of: script) else { return ["stackrun", "run"] }
        // The script sees them as arg[-n]: the values of secret options (--ping's URL) masked.
        return ArgumentMasking.masked(Array(all[..<index]))
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, text
}
