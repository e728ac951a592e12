import Glibc
import JSONValue
import Runtime

/// Prints a run's results on stdout and its errors on stderr.
struct ReportPrinter {
    let output: OutputFormat
    let diagnostics: Diagnostics

    /// Prints the report; returns the exit status, which is the script's unless a result could
    /// not be printed: a successful run whose result is lost exits 1, not 0.
    func print(_ report: RunReport) -> ExitStatus {
        var printedAll = true
        for value in report.results where !printResult(value) { printedAll = false }
        if let failure = report.failure { diagnostics.scriptFailed(failure) }
        for failure in report.unobservedFailures {
            diagnostics.scriptFailed(failure, context: "a task nobody waited for failed")
        }
        if report.status == .timeout { diagnostics.error("the run timed out; every task was cancelled") }
        return report.status == .success && !printedAll ? .scriptError : report.status
    }

    private func printResult(_ value: JSON) -> Bool {
        if output == .text, case .string(let bytes) = value {
            // As the script made them: text output is for strings that are not JSON text,
            // bytes that are not UTF-8 included.
            writeStandardOutput(bytes + [0x0A])
            return true
        }
        // Results were checked when converted; encoding can only fail on non-UTF-8 strings.
        do {
            Swift.print(try value.encodedString(indent: 2))
            return true
        } catch {
            diagnostics.error("cannot print a result: \(error.message) (use --output text for bytes that are not UTF-8)")
            return false
        }
    }

    /// Straight to the descriptor, after what `print` has buffered, so that the order holds.
    private func writeStandardOutput(_ bytes: [UInt8]) {
        fflush(nil)
        writeAll(bytes, to: STDOUT_FILENO)
    }
}
