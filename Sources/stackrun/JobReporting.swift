import Runtime
import Transport

/// What a run tells the world outside about itself, for whoever watches the job: the health-check
/// pings at its start and end (--ping, --ping-file) and the metrics file written at its end
/// (--metrics-file). Neither changes how the run ends: each returns its problem, which the run
/// says as a warning and carries in its summary.
struct JobReporting {
    let options: JobOptions
    let pings: HealthCheckPings?

    init(options: JobOptions, pingURL: String?, runID: String) {
        self.options = options
        pings = pingURL.map { HealthCheckPings(url: $0, runID: runID, sendsExitCode: options.pingExitCode) }
    }

    /// The start ping; nil when it was received (or there is none).
    func started() -> String? {
        guard let pings else { return nil }
        return EventLoop.shared.runBlocking { await pings.send(.start) }
    }

    /// Writes the metrics file and sends the end ping; the problems, if any. Done before the
    /// summary is printed (which stays the last record): the ping's body is the tail of what
    /// was written on stderr (already redacted: log records mask secret fields), then the
    /// summary's line (with the warnings known by then). `job`: the metrics' `job_name` label.
    func ended(_ summary: RunSummary, job: String) -> [String] {
        var problems: [String] = []
        if let path = options.metricsFile {
            do {
                try JobMetrics(job: job, summary: summary).write(to: RunJournals.absolute(path))
            } catch {
                problems.append("cannot write the metrics file \(path): \(error.reason)")
            }
        }
        if let pings {
            var reported = summary
            reported.warnings += problems
            let summaryLine = "stackrun: run \(summary.runID): \(reported.text)\n"
            let tail = StderrCapture.log.lastBytes(HealthCheckPings.logLimit - summaryLine.utf8.count).text
            let log = String(decoding: tail, as: UTF8.self) + summaryLine
            if let problem = EventLoop.shared.runBlocking({ await pings.send(.end(summary.status), log: log) }) {
                problems.append(problem)
            }
        }
        return problems
    }
}
