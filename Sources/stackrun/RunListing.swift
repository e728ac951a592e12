import JSONValue

/// One stored run as `stackrun runs` lists it.
enum RunListing {
    /// A JSON line: the fields the table shows, as values.
    static func line(_ record: JSON) -> JSON {
        var object: JSONObject = [:]
        for key in ["run_id", "job", "recipe", "started", "ended", "outcome", "exit_status", "duration_ms"] {
            if let value = record[key] { object[key] = value }
        }
        for key in ["created", "changed", "deleted"] { object[key] = record["resources"]?[key] ?? 0 }
        object["api_calls"] = record["api_calls"]?["total"] ?? 0
        return .object(object)
    }

    /// A table row: started (to the second), job, outcome (with its exit code when not 0),
    /// duration, changes as +created ~changed -deleted, run id.
    static func row(_ record: JSON) -> [String] {
        let started = (record["started"]?.stringValue ?? "?").prefix(19).map { $0 == "T" ? " " : $0 }
        let status = record["exit_status"]?.intValue ?? -1
        let outcome = (record["outcome"]?.stringValue ?? "?") + (status == 0 ? "" : " (\(status))")
        let changes = [("+", "created"), ("~", "changed"), ("-", "deleted")]
            .map { "\($0.0)\(record["resources"]?[$0.1]?.intValue ?? 0)" }.joined(separator: " ")
        return [String(started), record["job"]?.stringValue ?? "?", outcome,
                duration(record["duration_ms"]?.intValue ?? 0), changes, record["run_id"]?.stringValue ?? "?"]
    }

    /// "850 ms", "5.2 s", "3 min 20 s", "2 h 5 min".
    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return "\(Double(milliseconds / 100) / 10) s" }
        let seconds = milliseconds / 1000
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }
}
