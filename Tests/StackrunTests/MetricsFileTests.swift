import Emulator
import Foundation
import Testing

/// `--metrics-file`: read by prometheus_client's own parser, its values checked against what the
/// emulator counted.
@Suite("--metrics-file: Prometheus metrics of the job", .serialized,
       .enabled(if: PrometheusParser.python != nil, "prometheus_client's virtualenv (scripts/test.sh makes it)"))
struct MetricsFileTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        config.timings.deleteSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    func metricsPath() throws -> String {
        let directory = "\(TestEnvironment.scratch)/sr-metrics-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/job.prom"
    }

    @Test("the file parses; requests by service, method and status, retries and changes match the emulator's counts")
    func matchesEmulator() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let path = try metricsPath()
        let script = try temporaryScript(RunSummaryTests.script, name: "nightly.lua")
        let before = Date().timeIntervalSince1970
        let result = try await stackrunDetached(["run", "--metrics-file", path, "--allow-net=127.0.0.1", script, emulator.baseURL],
                                                environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        let families = try PrometheusParser.parse(path)
        let expectedTypes = ["stackrun_job_last_run_timestamp_seconds": "gauge", "stackrun_job_last_success_timestamp_seconds": "gauge",
                             "stackrun_job_duration_seconds": "gauge", "stackrun_job_exit_code": "gauge",
                             "stackrun_api_requests": "counter", "stackrun_api_retries": "counter", "stackrun_resources_changed": "counter"]
        #expect(families.mapValues(\.type) == expectedTypes)
        #expect(families.values.allSatisfy { $0.samples.allSatisfy { $0.labels["job_name"] == "nightly" } })
        func value(_ family: String) -> Double? { families[family]?.samples.first?.value }
        let lastRun = try #require(value("stackrun_job_last_run_timestamp_seconds"))
        #expect(lastRun >= before - 1 && lastRun <= Date().timeIntervalSince1970 + 1)
        #expect(value("stackrun_job_last_success_timestamp_seconds") == lastRun)
        #expect(value("stackrun_job_exit_code") == 0)
        #expect((value("stackrun_job_duration_seconds") ?? -1) > 0)

        // Requests: per service, per service and method, per status, as the emulator saw them.
        let requests = families["stackrun_api_requests"]?.samples ?? []
        let stats = emulator.stats()
        var byService: [String: Double] = [:], byStatus: [String: Double] = [:], byRoute: [String: Double] = [:]
        for sample in requests {
            byService[sample.labels["service"] ?? "", default: 0] += sample.value
            byStatus[sample.labels["status"] ?? "", default: 0] += sample.value
            byRoute["\(sample.labels["service"] ?? "") \(sample.labels["method"] ?? "")", default: 0] += sample.value
        }
        let emulatorServices = stats["requests"]?["by_service"]?.objectValue?.members ?? []
        #expect(!emulatorServices.isEmpty)
        for member in emulatorServices {
            #expect(byService[projectNames[member.key] ?? member.key] == Double(member.value.intValue ?? -1), "\(member.key): \(byService)")
        }
        #expect(byService.values.reduce(0, +) == Double(stats["requests"]?["total"]?.intValue ?? -1))
        for member in stats["requests"]?["by_status"]?.objectValue?.members ?? [] {
            #expect(byStatus[member.key] == Double(member.value.intValue ?? -1), "\(member.key): \(byStatus)")
        }
        var emulatorRoutes: [String: Double] = [:]
        for service in stats["requests"]?["by_route"]?.objectValue?.members ?? [] {
            for route in service.value.objectValue?.members ?? [] {
                let method = route.key.prefix { $0 != " " }
                emulatorRoutes["\(projectNames[service.key] ?? service.key) \(method)", default: 0] += Double(route.value.intValue ?? 0)
            }
        }
        #expect(byRoute == emulatorRoutes)

        let retries = families["stackrun_api_retries"]?.samples ?? []
        #expect(retries.first { $0.labels["service"] == "nova" }?.value == 1, "\(retries)")
        let changes = Dictionary(uniqueKeysWithValues: (families["stackrun_resources_changed"]?.samples ?? []).map { ($0.labels["action"] ?? "", $0.value) })
        #expect(changes == ["created": 2, "changed": 1, "deleted": 2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent) == ["job.prom"])
    }

    @Test("a failed run keeps the last success's time, counters add up across runs; the job label is the run history's job name")
    func failedRunKeepsLastSuccess() throws {
        let path = try metricsPath()
        // The label is the job's name in the run history (`stackrun runs JOB`), where what is
        // not a letter, digit, dot, dash or underscore becomes an underscore. Escaping odd label
        // values is JobMetricsTests'.
        let name = "we\"ird\\jo b.lua"
        let succeeding = try temporaryScript("local n = neutron.networks.create{name = 'm'}; neutron.networks.delete(n)", name: name)
        #expect(try stackrun(["run", "--metrics-file", path, "--emulator", succeeding]).status == 0)
        let first = try PrometheusParser.parse(path)
        let success = try #require(first["stackrun_job_last_success_timestamp_seconds"]?.samples.first)
        #expect(success.labels["job_name"] == "we_ird_jo_b", "\(success.labels)")
        func requests(_ families: [String: PrometheusParser.Family]) -> Double {
            families["stackrun_api_requests"]?.samples.reduce(0) { $0 + $1.value } ?? 0
        }
        let failing = try temporaryScript("neutron.networks.create{name = 'x'}; error('broken')", name: name)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try stackrun(["run", "--metrics-file", path, "--emulator", failing]).status == 1)
        let second = try PrometheusParser.parse(path)
        #expect(second["stackrun_job_last_success_timestamp_seconds"]?.samples.first?.value == success.value)
        let lastRun = try #require(second["stackrun_job_last_run_timestamp_seconds"]?.samples.first?.value)
        #expect(lastRun > success.value)
        #expect(second["stackrun_job_exit_code"]?.samples.first?.value == 1)
        #expect(requests(second) > requests(first) && requests(first) > 0, "\(requests(first)) then \(requests(second))")
        let created = second["stackrun_resources_changed"]?.samples.first { $0.labels["action"] == "created" }?.value
        #expect(created == 2, "one network each run")
    }

    @Test("a job that has never succeeded reports 0 as its last success")
    func neverSucceeded() throws {
        let path = try metricsPath()
        #expect(try stackrun(["run", "--metrics-file", path, "--emulator", try temporaryScript("error('no')")]).status == 1)
        let families = try PrometheusParser.parse(path)
        #expect(families["stackrun_job_last_success_timestamp_seconds"]?.samples.first?.value == 0)
        #expect(families["stackrun_job_exit_code"]?.samples.first?.labels["job_name"] == "script")
    }
}
