internal import Glibc
public import SystemIO

/// `--metrics-file`: a job's metrics in Prometheus's text format, rewritten atomically at the end
/// of every run for node_exporter's textfile collector (which reads whatever file is there when
/// scraped, so it must never see half of one). One file per job: the counters and the last
/// success are read back from the file the job's previous run left, and carried on.
public struct JobMetrics {
    typealias Sample = (labels: [(String, String)], value: Double)

    /// The `job` label: the job's name in the run history (`RunHistory.jobName`).
    public var job: String
    public var summary: RunSummary
    /// When the run ended, in seconds since the Unix epoch.
    public var ended: Double

    public init(job: String, summary: RunSummary, ended: Double = JobMetrics.now()) {
        (self.job, self.summary, self.ended) = (job, summary, ended)
    }

    public static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec / 1_000_000) / 1000
    }

    /// Writes the file: the previous one's values read first (a missing or unreadable one
    /// counts as none), then the new content put in its place in one rename.
    public func write(to path: String) throws(FileError) {
        let previous = (try? POSIXFile.readAll(path)).map { String(decoding: $0, as: UTF8.self) }
        try POSIXFile.writeAtomically(Array(text(previous: previous).utf8), to: path)
    }

    /// The file's content, given the previous file's (nil: the job's first run).
    public func text(previous: String?) -> String {
        let before = previous.map(PrometheusText.values(in:)) ?? [:]
        // `job_name`, not `job`: Prometheus sets `job` to the scrape job's name (node_exporter's),
        // and would rename ours to `exported_job`, breaking every query written against it.
        let job = [("job_name", self.job)]
        var file = PrometheusText()
        let lastSuccess = summary.status == .success
            ? ended : before[PrometheusText.series("stackrun_job_last_success_timestamp_seconds", job)] ?? 0
        file.family("stackrun_job_last_run_timestamp_seconds", .gauge, help: "When the job's last run ended (Unix time).",
                    [(job, ended)])
        file.family("stackrun_job_last_success_timestamp_seconds", .gauge,
                    help: "When the job's last successful run ended (Unix time); 0 if none has succeeded.", [(job, lastSuccess)])
        file.family("stackrun_job_duration_seconds", .gauge, help: "How long the job's last run took.",
                    [(job, Double(summary.milliseconds) / 1000)])
        file.family("stackrun_job_exit_code", .gauge, help: "The exit status of the job's last run (0: success).",
                    [(job, Double(summary.status.rawValue))])

        var requests: [String: Sample] = [:]
        var retries: [String: Sample] = [:]
        for (service, counts) in summary.counts.services {
            for (key, count) in counts.byMethodAndStatus {
                let labels = job + [("service", service), ("method", key.method), ("status", key.status)]
                requests[PrometheusText.series("stackrun_api_requests_total", labels)] = (labels, Double(count))
            }
            let labels = job + [("service", service)]
            retries[PrometheusText.series("stackrun_api_retries_total", labels)] = (labels, Double(counts.retries))
        }
        var changes: [String: Sample] = [:]
        for (action, count) in [("created", summary.created), ("changed", summary.changed), ("deleted", summary.deleted)] {
            let labels = job + [("action", action)]
            changes[PrometheusText.series("stackrun_resources_changed_total", labels)] = (labels, Double(count))
        }
        let counterHelp = " Counts every run of the job since this file was first written."
        file.family("stackrun_api_requests_total", .counter, help: "API requests sent, by service, method and status (none: no answer)." + counterHelp,
                    carried(requests, before, family: "stackrun_api_requests_total"))
        file.family("stackrun_api_retries_total", .counter, help: "API requests sent again after a failure, by service." + counterHelp,
                    carried(retries, before, family: "stackrun_api_retries_total"))
        file.family("stackrun_resources_changed_total", .counter,
                    help: "Resources created, changed (updated, attached, detached) and deleted." + counterHelp,
                    carried(changes, before, family: "stackrun_resources_changed_total"))
        return file.text
    }

    /// This run's counts added to the previous file's, and the previous file's series this run
    /// did not touch kept as they were: a counter never goes down while the file lives. Only
    /// the series of this job are carried; sorted, so the file reads the same run after run.
    private func carried(_ now: [String: Sample], _ before: [String: Double], family: String) -> [Sample] {
        let prefix = String(PrometheusText.series(family, [("job_name", job)]).dropLast())
        var merged = now.mapValues { ($0.labels, $0.value) }
        for (series, value) in before where series.hasPrefix(prefix + ",") || series == prefix + "}" {
            if let current = merged[series] {
                merged[series] = (current.0, current.1 + value)
            } else if let labels = Self.labels(of: series) {
                merged[series] = (labels, value)
            }
        }
        return merged.keys.sorted().map { (labels: merged[$0]!.0, value: merged[$0]!.1) }
    }

    /// The labels of a series this code wrote, unescaped: `name{a="x",b="y\"z"}`.
    static func labels(of series: String) -> [(String, String)]? {
        guard let open = series.firstIndex(of: "{"), series.last == "}" else { return nil }
        var labels: [(String, String)] = []
        var rest = series[series.index(after: open)..<series.index(before: series.endIndex)].unicodeScalars[...]
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "="), rest.index(after: equals) < rest.endIndex,
                  rest[rest.index(after: equals)] == "\"" else { return nil }
            let name = String(rest[..<equals])
            rest = rest[rest.index(equals, offsetBy: 2)...]
            var value = String.UnicodeScalarView()
            while let scalar = rest.popFirst(), scalar != "\"" {
                if scalar == "\\", let next = rest.popFirst() { value.append(next == "n" ? "\n" : next) } else { value.append(scalar) }
            }
            labels.append((name, String(value)))
            if rest.first == "," { rest = rest.dropFirst() }
        }
        return labels
    }
}
