import Glibc
import JSONValue
import Runtime

/// Prints a run's results on stdout and its errors on stderr.
struct ReportPrinter {
    let output: OutputFormat
    let diagnostics: Diagnostics

    /// Prints the report; returns the exit status, which is the script's unless the results
    /// could not be printed: a successful run whose result is lost exits 1, not 0.
    func print(_ report: RunReport) -> ExitStatus {
        var status = report.status
        do {
            // Too much is not printed at all, not cut: part of a JSON document is no document
            // (`| jq` would fail on it, or a line-based reader would take the part for all),
            // and a valid document with a note in it would pass for the script's result. An
            // empty stdout and exit 1 make a pipeline with `set -o pipefail` fail, with the
            // reason on stderr. What is surely too large is not even encoded.
            let atLeast = report.results.reduce(0) { $0 + Self.minimumSize($1) }
            let bytes = atLeast > OutputLimits.resultBytes ? nil : try standardOutput(for: report.results)
            if let bytes, bytes.count <= OutputLimits.resultBytes {
                writeStandardOutput(bytes)
            } else {
                diagnostics.error("the result was not printed: it is more than the \(OutputLimits.resultBytes) bytes stackrun prints "
                    + "(\(bytes?.count ?? atLeast) or more); return less, or write it to a file with fs.write (and --allow-write)")
                if status == .success { status = .scriptError }
            }
        } catch {
            diagnostics.error("cannot print a result: \(error.message) (use --output text for bytes that are not UTF-8)")
            if status == .success { status = .scriptError }
        }
        if let failure = report.failure { diagnostics.scriptFailed(failure) }
        for failure in report.unobservedFailures {
            diagnostics.scriptFailed(failure, context: "a task nobody waited for failed")
        }
        if report.status == .timeout { diagnostics.error("the run timed out; every task was cancelled") }
        if report.status != .success { printJournal(report) }
        return status
    }

    /// After a failed run: what the rollback did, or where the journal of what it made is.
    private func printJournal(_ report: RunReport) {
        guard let journal = report.journal else { return }
        // The run's own emulator is gone, and what it made with it: no cleanup to point to.
        let cleanup = journal.path.hasPrefix("/") && journal.hasChanges ? "; `stackrun cleanup \(journal.path)` deletes it" : ""
        guard let rollback = report.rollback else {
            if journal.hasChanges { diagnostics.error("what the run created is recorded in \(journal.path)\(cleanup)") }
            return
        }
        guard rollback.undone + rollback.alreadyUndone + rollback.left.count > 0 || rollback.interrupted else { return }
        var line = "rollback: \(rollback.undone) undone"
        if rollback.alreadyUndone > 0 { line += ", \(rollback.alreadyUndone) already gone" }
        if rollback.isComplete {
            diagnostics.error(line + "; nothing the run created is left")
            return
        }
        if rollback.interrupted { line += "; stopped by a signal" }
        line += "; \(rollback.left.count) left:" + rollback.left.map { "\n  " + $0 }.joined()
        diagnostics.error(line + (cleanup.isEmpty ? "" : "\n" + cleanup.dropFirst(2)))
    }

    /// Everything stdout gets, made before any of it is written, so that a value that cannot be
    /// encoded leaves stdout empty rather than holding part of the results. As JSON: one
    /// document, the value itself or an array of several, that `jq` can read. As text: a line
    /// per value, a string's bytes as they are and anything else as JSON.
    private func standardOutput(for results: [JSON]) throws(JSONError) -> [UInt8] {
        switch output {
        case .json:
            guard !results.isEmpty else { return [] }
            let document = results.count == 1 ? results[0] : JSON.array(results)
            return try document.encoded(indent: 2) + [0x0A]
        case .text:
            var bytes: [UInt8] = []
            for value in results {
                if case .string(let text) = value { bytes += text } else { bytes += try value.encoded(indent: 2) }
                bytes.append(0x0A)
            }
            return bytes
        }
    }

    /// The fewest bytes `value` takes on stdout: its strings' bytes, and a byte for each
    /// number, quote, bracket and separator at least.
    static func minimumSize(_ value: JSON) -> Int {
        switch value {
        case .null, .bool, .int, .float: 1
        case .string(let bytes): bytes.count
        case .array(let items): items.reduce(2) { $0 + minimumSize($1) + 1 }
        case .object(let object): object.members.reduce(2) { $0 + $1.key.utf8.count + minimumSize($1.value) + 2 }
        }
    }

    /// Straight to the descriptor, after what `print` has buffered, so that the order holds.
    private func writeStandardOutput(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        fflush(nil)
        writeAll(bytes, to: STDOUT_FILENO)
    }
}
