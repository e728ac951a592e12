import ArgumentParser
import Glibc
import JSONValue
import Runtime

/// `stackrun runs [JOB]` and `stackrun runs show RUN_ID`: the run history that every
/// `stackrun run` writes.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs from the run history, or show one.",
        discussion: """
            Every `stackrun run` records its summary in $XDG_STATE_HOME/stackrun/runs/JOB/RUN_ID.json \
            (~/.local/state/stackrun/runs), JOB being the recipe's name or the script's file name \
            without .lua; a run that failed keeps the last 64 KiB of its log there too. Each job \
            keeps its newest 100 runs (run --keep N); run --no-history records nothing.

            Examples:
              stackrun runs                       recent runs of every job
              stackrun runs nightly --limit 5     the last five runs of nightly
              stackrun runs show 20261206T030000Z-3f9a1c0e
            """,
        subcommands: [RunsList.self, RunsShow.self],
        defaultSubcommand: RunsList.self)

    /// The history directory, or exit 2 saying why there is none.
    static func history() throws -> RunHistory {
        guard let directory = RunHistory.defaultDirectory(environment: Environment.value) else {
            Diagnostics(format: .text).error("no run history: neither XDG_STATE_HOME nor HOME is an absolute path")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return RunHistory(directory: directory)
    }
}

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Recent runs, newest first: a table on a terminal, JSON lines otherwise.")

    @Argument(help: "Only this job's runs (a recipe's name, or a script's file name without .lua).")
    var job: String?

    @Option(help: "At most this many runs.")
    var limit: Int = 20

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let history = try RunsCommand.history()
        let runs = history.runs(job: job.map { RunHistory.jobName(scriptPath: $0, recipe: $0) }).prefix(limit)
        guard isatty(STDOUT_FILENO) != 0 else {
            let lines = runs.map { (try? RunListing.line($0).encodedString()) ?? "{}" }
            return writeAll(Array(lines.map { $0 + "\n" }.joined().utf8), to: STDOUT_FILENO)
        }
        guard !runs.isEmpty else {
            return writeAll(Array("no runs recorded\(job.map { " for \($0)" } ?? "") in \(history.directory)\n".utf8), to: STDOUT_FILENO)
        }
        let rows = [["STARTED", "JOB", "OUTCOME", "DURATION", "CHANGES", "RUN ID"]] + runs.map(RunListing.row)
        writeAll(Array(Table.render(rows).utf8), to: STDOUT_FILENO)
    }
}

struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One run's record, pretty, and the tail of its log if it failed.")

    @Argument(help: "The run's id (as `stackrun runs` lists it, and every JSON log record carries).")
    var runID: String

    @Flag(help: "Print the stored record as it is: one JSON document, the log tail in its log_tail field.")
    var json = false

    func run() throws {
        let history = try RunsCommand.history()
        guard let record = history.run(id: runID) else {
            Diagnostics(format: .text).error("no run \(runID) in the run history (\(history.directory))")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if json { return writeAll(((try? record.encoded()) ?? []) + [0x0A], to: STDOUT_FILENO) }
        var shown = record
        if case .object(var object) = record {
            object["log_tail"] = nil
            object["log_tail_cut"] = nil
            shown = .object(object)
        }
        var text = ((try? shown.encodedString(indent: 2)) ?? "{}") + "\n"
        if let tail = record["log_tail"]?.stringValue {
            let cut = record["log_tail_cut"]?.boolValue == true ? ", earlier lines left out" : ""
            text += "\nlog tail (last \(tail.utf8.count) bytes\(cut)):\n" + tail
            if !tail.isEmpty, !tail.hasSuffix("\n") { text += "\n" }
        }
        writeAll(Array(text.utf8), to: STDOUT_FILENO)
    }
}
