import OpenStack
import Runtime
import Testing

/// The metrics file's text, without a run: what a previous file carries into the next, and the
/// escaping of odd job names (the file itself is read by prometheus_client in MetricsFileTests).
@Suite("JobMetrics: the Prometheus text of a job's runs")
struct JobMetricsTests {
    /// `status`: the exit status's number (the name ExitStatus is Swift Testing's too).
    func summary(_ status: Int32, calls: Int) -> RunSummary {
        var counts = RunCounts()
        counts.services["nova"] = .init()
        counts.services["nova"]!.calls = calls
        counts.services["nova"]!.retries = 1
        counts.services["nova"]!.byMethodAndStatus[.init(method: "GET", status: "200")] = calls
        counts.resources["server"] = .init()
        counts.resources["server"]!.created = 1
        return RunSummary(runID: "r", status: .init(rawValue: status)!, started: "", milliseconds: 1500, counts: counts)
    }

    @Test("a job's first run: every family with HELP and TYPE, values as the summary says")
    func firstRun() {
        let text = JobMetrics(job: "backup", summary: summary(0, calls: 3), ended: 1_700_000_000.5).text(previous: nil)
        #expect(text.contains("# TYPE stackrun_api_requests_total counter\n"))
        #expect(text.contains("stackrun_api_requests_total{job_name=\"backup\",service=\"nova\",method=\"GET\",status=\"200\"} 3\n"))
        #expect(text.contains("stackrun_job_last_success_timestamp_seconds{job_name=\"backup\"} 1700000000.5\n"))
        #expect(text.contains("stackrun_job_duration_seconds{job_name=\"backup\"} 1.5\n"))
        #expect(text.contains("stackrun_resources_changed_total{job_name=\"backup\",action=\"created\"} 1\n"))
        #expect(text.components(separatedBy: "# HELP ").count == 8)
    }

    @Test("a failed run keeps the last success, adds its counts, and keeps series it did not touch")
    func carriedOver() {
        var previous = JobMetrics(job: "backup", summary: summary(0, calls: 3), ended: 100).text(previous: nil)
        previous += "stackrun_api_requests_total{job_name=\"backup\",service=\"glance\",method=\"GET\",status=\"200\"} 7\n"
        previous += "stackrun_api_requests_total{job_name=\"other\",service=\"glance\",method=\"GET\",status=\"200\"} 9\n"
        let text = JobMetrics(job: "backup", summary: summary(1, calls: 2), ended: 200).text(previous: previous)
        #expect(text.contains("stackrun_job_last_success_timestamp_seconds{job_name=\"backup\"} 100\n"))
        #expect(text.contains("stackrun_job_last_run_timestamp_seconds{job_name=\"backup\"} 200\n"))
        #expect(text.contains("stackrun_job_exit_code{job_name=\"backup\"} 1\n"))
        #expect(text.contains("service=\"nova\",method=\"GET\",status=\"200\"} 5\n"))
        #expect(text.contains("stackrun_api_requests_total{job_name=\"backup\",service=\"glance\",method=\"GET\",status=\"200\"} 7\n"))
        #expect(!text.contains("job=\"other\""), "another job's series are not this file's")
        #expect(text.contains("stackrun_api_retries_total{job_name=\"backup\",service=\"nova\"} 2\n"))
        #expect(text.contains("action=\"created\"} 2\n"))
    }

    @Test("label values escape backslash, quote and line feed, and read back the same")
    func escaping() {
        let job = "a\\b\"c\nd\r\ne"
        let text = JobMetrics(job: job, summary: summary(0, calls: 1), ended: 1).text(previous: nil)
        #expect(text.contains("{job_name=\"a\\\\b\\\"c\\nd\r\\ne\"}"), "\(text)")
        let again = JobMetrics(job: job, summary: summary(0, calls: 1), ended: 2).text(previous: text)
        #expect(again.contains("status=\"200\"} 2\n"), "\(again)")
    }

    @Test("ping addresses and the run id's UUID")
    func pingAddresses() {
        let pings = HealthCheckPings(url: "https://hc.example/ping/key/", runID: "20261206T030000Z-3f9a1c0e", sendsExitCode: false)
        let rid = pings.rid
        #expect(rid.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(rid)")
        let same = HealthCheckPings(url: "https://other.example", runID: "20261206T030000Z-3f9a1c0e", sendsExitCode: true)
        #expect(rid == same.rid && rid != HealthCheckPings(url: "https://hc.example", runID: "other", sendsExitCode: false).rid)
        #expect(pings.address(.start) == "https://hc.example/ping/key/start?rid=\(rid)")
        #expect(pings.address(.end(.success)) == "https://hc.example/ping/key?rid=\(rid)")
        #expect(pings.address(.end(.timeout)) == "https://hc.example/ping/key/fail?rid=\(rid)")
        let codes = HealthCheckPings(url: "https://hc.example/k", runID: "r", sendsExitCode: true)
        #expect(codes.address(.end(.timeout)).hasPrefix("https://hc.example/k/124?rid="))
        #expect(codes.address(.end(.success)).hasPrefix("https://hc.example/k/0?rid="))
    }
}
