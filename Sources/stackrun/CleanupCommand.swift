import ArgumentParser
import Runtime
import Transport

/// `stackrun cleanup JOURNAL`: undo what a run left, from its journal.
struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Delete what a run created, as its journal records it (joins undone first).",
        discussion: """
            Every `stackrun run` journals the resources it creates and the joins it makes (volume \
            attachments, router interfaces, floating IP associations), by default in \
            $XDG_STATE_HOME/stackrun/journals (~/.local/state/stackrun/journals). This undoes what \
            is still standing: joins first, then each resource once what was made with it is gone. \
            What is already gone counts as undone, and each step is added to the journal, so \
            running it twice is safe. The cloud comes from --os-cloud, OS_CLOUD, the journal's own \
            clouds.yaml entry or the OS_* variables: the one with the journal's auth URL, signed in \
            to the journal's project.

            Exit status: 0 when nothing is left, 7 when something could not be undone (listed), 75 \
            when the run is still going or another cleanup holds the journal.

            Example:
              stackrun cleanup ~/.local/state/stackrun/journals/20261206T133512Z-3f9a1c0e.jsonl
            """)

    @Argument(help: "The run's journal file.")
    var journal: String

    @Option(name: .customLong("os-cloud"), help: "The clouds.yaml entry to use (wins over OS_CLOUD).")
    var cloud: String?

    @Option(help: "Seconds the cleanup may take in all.")
    var timeout: Double = 600

    @Flag(name: .customLong("dry-run"), help: "List what would be undone; change nothing.")
    var dryRun = false

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var debugging: DebugOptions

    func validate() throws {
        if !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        logging.bootstrap(debug: debugging.debug)
        let (journal, cloud, timeout, dryRun, tracedBodyLimit) = (journal, cloud, timeout, dryRun, debugging.tracedBodyLimit)
        let outcome = EventLoop.shared.runBlocking { @LoopActor () async -> CleanupOutcome in
            let runtime: Runtime
            do {
                runtime = try Runtime()
            } catch {
                return CleanupOutcome(status: .scriptError, message: "\(error)")
            }
            SignalHandling.install(for: runtime)
            runtime.clouds.preferredCloud = cloud
            if let tracedBodyLimit { runtime.traceHTTP(bodyLimit: tracedBodyLimit) }
            let outcome = await runtime.cleanUp(journal: journal, within: timeout, dryRun: dryRun)
            runtime.close()
            return outcome
        }
        let diagnostics = logging.diagnostics
        for step in outcome.plannedSteps { print(step) }
        if outcome.status == .success {
            diagnostics.notice(outcome.message)
        } else {
            let left = outcome.rollback?.left.map { "\n  " + $0 }.joined() ?? ""
            diagnostics.error(outcome.message + left)
        }
        throw ExitCode(outcome.status.rawValue)
    }
}
