import Logging
import Runtime
import Transport

/// What a run tells the world outside about itself, for whoever watches the job: the health-check
/// pings at its start and end (--ping) and the metrics file written at its end (--metrics-file).
/// Neither changes how the run ends: a failure is logged as a warning and the run goes on.
struct JobReporting {
    let options: JobOptions
    let pings: HealthCheckPings?

    /// Keeps the log's tail from here on when the end ping will carry it.
    init(options: JobOptions, runID: String) {
        self.options = options
        pings = options.ping.map { HealthCheckPings(url: $0, runID: runID, sendsExitCode: options.pingExitCode) }
        if pings != nil { LogTail.keep(limit: HealthCheckPings.logLimit) }
    }

    /// Whether the run needs its summary made even when it is not printed.
    var needsSummary: Bool { options.ping != nil || options.metricsFile != nil }

    func started() {
        guard let pings else { return }
        EventLoop.shared.runBlocking { await pings.send(.start) }
    }

    /// `job`: the job's name, the metrics' `job` label.
    func ended(_ summary: RunSummary, job: String) {
        if let path = options.metricsFile {
            do {
                try JobMetrics(job: job, summary: summary).write(to: RunJournals.absolute(path))
            } catch {
                Logger(label: "stackrun").warning("cannot write the metrics file \(path): \(error.reason)")
            }
        }
        guard let pings else { return }
        let log = LogTail.text
        EventLoop.shared.runBlocking { await pings.send(.end(summary.status), log: log) }
    }
}
