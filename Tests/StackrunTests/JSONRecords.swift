import Foundation
import Testing

/// Each stderr line as a JSON object; a line that is not one fails the expectation that calls this.
func jsonRecords(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
    stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
        let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(record != nil, "not a JSON record: \(line)", sourceLocation: sourceLocation)
        return record
    }
}

/// The JSON records on stderr apart from the run summary, which `--log-format json` always
/// prints last.
func logRecords(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
    jsonRecords(stderr, sourceLocation: sourceLocation).filter { $0["summary"] == nil }
}
