public import JSONValue
public import OpenStack

/// The account of one run, printed as the last record on stderr: how it ended, how long it
/// took, the API calls per service (by method and status, retries, failures), the resources it
/// created, changed and deleted, and the request ids of failed calls. A plain value, so that a
/// run history can keep it and metrics can be derived from it.
public struct RunSummary: Sendable, Equatable {
    public var runID: String
    public var recipe: String?
    public var status: ExitStatus
    /// When the run started, UTC ("2026-12-06T17:01:02.345Z").
    public var started: String
    public var milliseconds: Int
    public var counts: RunCounts
    /// What went wrong around the run without changing its outcome: a metrics file or a ping
    /// that failed. In the summary so that `--quiet`, which keeps only errors and the summary,
    /// still shows them.
    public var warnings: [String] = []

    public init(runID: String, recipe: String? = nil, status: ExitStatus, started: String, milliseconds: Int, counts: RunCounts) {
        (self.runID, self.recipe, self.status, self.started) = (runID, recipe, status, started)
        (self.milliseconds, self.counts) = (milliseconds, counts)
    }

    /// The UTC time now, as `started` wants it.
    public static func now() -> String { utcTimestamp() }

    public var totalCalls: Int { counts.services.values.reduce(0) { $0 + $1.calls } }
    public var totalRetries: Int { counts.services.values.reduce(0) { $0 + $1.retries } }
    public var totalFailures: Int { counts.services.values.reduce(0) { $0 + $1.failures } }
    public var created: Int { counts.resources.values.reduce(0) { $0 + $1.created } }
    public var changed: Int { counts.resources.values.reduce(0) { $0 + $1.changed } }
    public var deleted: Int { counts.resources.values.reduce(0) { $0 + $1.deleted } }

    /// The summary as one JSON object (what `--log-format json` prints under "summary").
    public var json: JSON {
        var object: JSONObject = ["run_id": JSON(runID), "outcome": JSON(status.name), "exit_status": .int(Int64(status.rawValue)),
                                  "started": JSON(started), "duration_ms": .int(Int64(milliseconds))]
        if let recipe { object["recipe"] = JSON(recipe) }
        object["api_calls"] = [
            "total": .int(Int64(totalCalls)), "retries": .int(Int64(totalRetries)), "failures": .int(Int64(totalFailures)),
            "by_service": .object(Self.sorted(counts.services) { service in
                ["calls": .int(Int64(service.calls)), "retries": .int(Int64(service.retries)),
                 "failures": .int(Int64(service.failures)), "by_method": .object(Self.sorted(service.byMethod) { .int(Int64($0)) }),
                 "by_status": .object(Self.sorted(service.byStatus) { .int(Int64($0)) })]
            }),
        ]
        object["resources"] = [
            "created": .int(Int64(created)), "changed": .int(Int64(changed)), "deleted": .int(Int64(deleted)),
            "by_kind": .object(Self.sorted(counts.resources) { kind in
                ["created": .int(Int64(kind.created)), "changed": .int(Int64(kind.changed)), "deleted": .int(Int64(kind.deleted))]
            }),
        ]
        object["failed_requests"] = .array(counts.failedRequests.map { request in
            var failed: JSONObject = ["service": JSON(request.service), "method": JSON(request.method), "url": JSON(request.url),
                                      "request_id": request.requestID.map { JSON($0) } ?? .null,
                                      "status": request.status.map { .int(Int64($0)) } ?? .null]
            if let failure = request.failure { failed["error"] = JSON(failure) }
            return .object(failed)
        })
        if !warnings.isEmpty { object["warnings"] = .array(warnings.map { JSON($0) }) }
        return .object(object)
    }

    /// One line for people: "success (exit 0) in 2.4 s: 12 API calls (keystone 2, nova 10), 1
    /// retry, 1 failed; 2 created, 0 changed, 1 deleted; failed request ids: req-1".
    public var text: String {
        let seconds = Double(milliseconds / 100) / 10
        let services = counts.services.keys.sorted().map { "\($0) \(counts.services[$0]!.calls)" }
        var line = "\(status.name) (exit \(status.rawValue)) in \(seconds) s: \(Self.plural(totalCalls, "API call"))"
        if !services.isEmpty { line += " (\(services.joined(separator: ", ")))" }
        line += ", \(Self.plural(totalRetries, "retry", "retries")), \(totalFailures) failed"
        line += "; \(created) created, \(changed) changed, \(deleted) deleted"
        let ids = counts.failedRequests.compactMap(\.requestID)
        if !ids.isEmpty { line += "; failed request ids: " + ids.joined(separator: ", ") }
        if !warnings.isEmpty { line += "; warnings: " + warnings.joined(separator: "; ") }
        return line
    }

    private static func sorted<Value>(_ dictionary: [String: Value], _ transform: (Value) -> JSON) -> JSONObject {
        JSONObject(dictionary.keys.sorted().map { (key: $0, value: transform(dictionary[$0]!)) })
    }

    private static func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count) \(count == 1 ? one : many ?? one + "s")"
    }
}
