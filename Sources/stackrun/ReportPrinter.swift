import Glibc
import JSONValue
import Runtime

/// Prints a run's results on stdout and its errors on stderr.
struct ReportPrinter {
    let output: OutputFormat

    func print(_ report: RunReport) {
        for value in report.results { printResult(value) }
        if let failure = report.failure { printError(failure.description) }
        for failure in report.unobservedFailures {
            printError("a task nobody waited for failed: \(failure.description)")
        }
        if report.status == .timeout { printError("stackrun: the run timed out; every task was cancelled") }
    }

    private func printResult(_ value: JSON) {
        if output == .text, let text = value.stringValue {
            Swift.print(text)
            return
        }
        // Results were checked when converted; encoding can only fail on non-UTF-8 strings.
        do {
            Swift.print(try value.encodedString(indent: 2))
        } catch {
            printError("stackrun: cannot print a result: \(error.message)")
        }
    }

    private func printError(_ text: String) { StandardError.write(text) }
}
