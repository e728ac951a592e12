import Logging
import Runtime

/// What stackrun itself reports on stderr, apart from the script's log records: the script's
/// error and its traceback, failed tasks nobody waited for, the timeout, results that cannot be
/// printed, usage errors. Lines for people; with `--log-format json`, one JSON record each
/// (logger "stackrun", level error), so that a log collector keeps the failure too. Written
/// whatever `--log-level` says: a failure is never filtered out.
struct Diagnostics {
    let format: LogLineHandler.Format
    /// --quiet: notices are left out; errors never are.
    var quiet = false

    /// The script's error: its message, then its traceback on the lines below (as text), or in
    /// the record's `traceback` field; an error table's fields go in `error`.
    func scriptFailed(_ failure: ScriptFailure, context: String? = nil) {
        let message = context.map { "\($0): \(failure.message)" } ?? failure.message
        switch format {
        case .text:
            StandardError.write(failure.traceback.map { "\(message)\n\($0)" } ?? message)
        case .json:
            var fields: Logger.Metadata = [:]
            if let traceback = failure.traceback { fields["traceback"] = .string(traceback) }
            if let value = failure.value { fields["error"] = LogRecord.field(value) }
            LogRecord(level: .error, label: "stackrun", message: message, fields: fields).write(.json)
        }
    }

    /// stackrun's own error: "stackrun: message" as text.
    func error(_ message: String) {
        switch format {
        case .text: StandardError.write("stackrun: \(message)")
        case .json: LogRecord(level: .error, label: "stackrun", message: message).write(.json)
        }
    }

    /// A result worth saying that is not an error ("nothing left to undo").
    func notice(_ message: String, evenWhenQuiet: Bool = false) {
        guard !quiet || evenWhenQuiet else { return }
        switch format {
        case .text: StandardError.write("stackrun: \(message)")
        case .json: LogRecord(level: .notice, label: "stackrun", message: message).write(.json)
        }
    }

    /// The run summary, whatever --log-level and --quiet say: a record with the summary as its
    /// `summary` field, or one line for people.
    func summary(_ summary: RunSummary) {
        switch format {
        case .text: StandardError.write("stackrun: run \(summary.runID): \(summary.text)")
        case .json:
            LogRecord(level: .info, label: "stackrun", message: "run summary: \(summary.status.name)",
                      fields: ["summary": LogRecord.field(summary.json)]).write(.json)
        }
    }

    /// A usage error: argument-parser's text (the error, the usage line, where to find help) as
    /// it is, or a record with the error as `message` and that text as `usage`.
    func usageError(message: String, fullText: String) {
        switch format {
        case .text: StandardError.write(fullText)
        case .json: LogRecord(level: .error, label: "stackrun", message: message, fields: ["usage": .string(fullText)]).write(.json)
        }
    }
}
