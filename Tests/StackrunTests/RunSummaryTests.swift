import Emulator
import Foundation
import Testing

/// The emulator names services by type, stackrun by project.
let projectNames = ["identity": "keystone", "compute": "nova", "network": "neutron", "volume": "cinder", "image": "glance"]

/// `--log-format json` for a cron job's collector: every record carries the run's id, each API
/// call is one record with its method, URL, status, duration, request id and service, and the
/// last record is the run summary, whose counts are checked here against what the emulator saw.
@Suite("--log-format json: API call records and the run summary", .serialized)
struct RunSummaryTests {
    /// Creates, updates and deletes; one GET answered 503 twice (retried once, then raised and
    /// caught), one 404 (caught).
    static let script = """
        local control = ...
        local net = neutron.networks.create{name = "summary-net"}
        neutron.networks.update(net, {description = "changed"})
        local vm = nova.create{name = "summary-vm", image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
        http.request{method = "PUT", url = control .. "/_emulator/faults", json = {errors = {{
          method = "GET", route = "/compute/v2.1/servers/{server_id}", rate = 1.0, statuses = {503}, retry_after = 0}}}}
        local unavailable = pcall(nova.get, vm.id, {retries = 1})
        http.request{method = "DELETE", url = control .. "/_emulator/faults"}
        local missing = pcall(nova.get, "00000000-0000-0000-0000-000000000000")
        nova.delete(vm, {wait = true})
        neutron.networks.delete(net)
        return {unavailable, missing}
        """

    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        config.timings.deleteSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("every record carries time, level, run_id and message; each API call is one info record; the summary matches the emulator's counts")
    func summaryMatchesEmulator() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let result = try await stackrunDetached(["run", "--log-format", "json", "--allow-net=127.0.0.1", try temporaryScript(Self.script),
                                                 emulator.baseURL], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.filter { !$0.isWhitespace } == "[false,false]", "\(result.stdout)")
        let records = jsonRecords(result.stderr)
        let runID = try #require(records.last?["run_id"] as? String)
        #expect(runID.wholeMatch(of: /\d{8}T\d{6}Z-[0-9a-f]{8}/) != nil, "\(runID)")
        for record in records {
            #expect((record["time"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(record)")
            #expect(["debug", "info", "notice", "warning", "error"].contains(record["level"] as? String ?? ""), "\(record)")
            #expect(record["run_id"] as? String == runID, "\(record)")
            #expect(record["message"] is String, "\(record)")
            #expect(record["recipe"] == nil, "a plain script has no recipe")
        }
        let calls = records.filter { $0["logger"] as? String == "stackrun.openstack" && $0["method"] != nil }
        for call in calls {
            #expect(call["level"] as? String == "info")
            #expect(["GET", "POST", "PUT", "DELETE"].contains(call["method"] as? String ?? ""), "\(call)")
            #expect((call["url"] as? String)?.hasPrefix(emulator.baseURL) == true, "\(call)")
            #expect(call["status"] is Int && call["ms"] is Int, "\(call)")
            // Version documents carry no request id; every API call does.
            let versionDocument = (call["url"] as? String)?.filter { $0 == "/" }.count ?? 0 <= 3
            #expect((call["request_id"] as? String)?.hasPrefix("req-") == true || versionDocument, "\(call)")
            #expect(projectNames.values.contains(call["service"] as? String ?? ""), "\(call)")
        }
        #expect(!result.stderr.contains(TestEnvironment.adminPassword) || TestEnvironment.adminPassword == "admin")

        // The summary is the last record, and its counts are the emulator's.
        let summary = try #require(records.last?["summary"] as? [String: Any], "\(records.last ?? [:])")
        #expect(summary["outcome"] as? String == "success" && summary["exit_status"] as? Int == 0)
        #expect(summary["run_id"] as? String == runID)
        #expect(summary["duration_ms"] is Int)
        let stats = emulator.stats()
        let apiCalls = try #require(summary["api_calls"] as? [String: Any])
        let byService = try #require(apiCalls["by_service"] as? [String: [String: Any]])
        #expect(apiCalls["total"] as? Int == stats["requests"]?["total"]?.intValue, "\(apiCalls) vs \(stats)")
        for member in stats["requests"]?["by_service"]?.objectValue?.members ?? [] {
            let name = projectNames[member.key] ?? member.key
            #expect(byService[name]?["calls"] as? Int == member.value.intValue, "\(name): \(byService) vs \(stats)")
        }
        // Every call got an answer, and each answer is one record.
        #expect(calls.count == apiCalls["total"] as? Int, "\(calls.count) records")
        #expect(byService["nova"]?["retries"] as? Int == 1, "\(byService)")
        #expect(apiCalls["retries"] as? Int == 1)
        let novaStatuses = byService["nova"]?["by_status"] as? [String: Int] ?? [:]
        #expect(novaStatuses["503"] == 2 && (novaStatuses["404"] ?? 0) >= 1, "\(novaStatuses)")
        #expect(novaStatuses.values.reduce(0, +) == byService["nova"]?["calls"] as? Int)
        let novaMethods = byService["nova"]?["by_method"] as? [String: Int] ?? [:]
        #expect(novaMethods["POST"] == 1 && novaMethods["DELETE"] == 1, "\(novaMethods)")
        #expect(stats["requests"]?["by_status"]?["503"]?.intValue == 2)

        let resources = try #require(summary["resources"] as? [String: Any])
        #expect(resources["created"] as? Int == 2 && resources["deleted"] as? Int == 2 && resources["changed"] as? Int == 1, "\(resources)")
        let byKind = resources["by_kind"] as? [String: [String: Int]] ?? [:]
        #expect(byKind["network"] == ["created": 1, "changed": 1, "deleted": 1], "\(byKind)")
        #expect(byKind["server"] == ["created": 1, "changed": 0, "deleted": 1], "\(byKind)")

        // The failures listed: the two 503s, with their request ids; a GET's 404 (a lookup
        // answered) is counted but not listed.
        let failed = summary["failed_requests"] as? [[String: Any]] ?? []
        #expect(failed.count == 2 && failed.allSatisfy { $0["status"] as? Int == 503 }, "\(failed)")
        let unavailableIDs = Set(calls.filter { $0["status"] as? Int == 503 }.compactMap { $0["request_id"] as? String })
        #expect(Set(failed.compactMap { $0["request_id"] as? String }) == unavailableIDs && unavailableIDs.count == 2, "\(failed)")
        #expect(apiCalls["failures"] as? Int == 2 + novaStatuses["404", default: 0])
    }

    @Test("text logs keep API calls at debug and print no summary unless asked; --summary prints one line")
    func textSummary() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("local n = neutron.networks.create{name = 'plain'}; neutron.networks.delete(n)")
        let plain = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(plain.status == 0 && plain.stderr.isEmpty, "\(plain.stderr)")
        let summarized = try await stackrunDetached(["run", "--summary", script], environment: cloudEnvironment(emulator))
        let lines = summarized.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(summarized.stderr)")
        #expect(lines.last?.hasPrefix("stackrun: run 20") == true, "\(summarized.stderr)")
        #expect(lines.last?.contains(": success (exit 0) in ") == true, "\(summarized.stderr)")
        #expect(lines.last?.contains("; 1 created, 0 changed, 1 deleted") == true, "\(summarized.stderr)")
    }

    @Test("when stderr is not a terminal, a long wait shows no progress line, only log lines")
    func noProgressOffTerminal() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local servers = parallel.map({1, 2, 3}, function(i)
              return nova.create{name = "w" .. i, image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
            end)
            log.info("built", {count = #servers})
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}") && !result.stderr.contains("servers:"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test("on a terminal, a long wait shows its progress redrawn in place, and log records go above it",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressOnTerminal() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local servers = parallel.map({1, 2, 3}, function(i)
              return nova.create{name = "t" .. i, image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
            end)
            log.info("built")
            """)
        let binary = buildDirectory.appendingPathComponent("stackrun").path
        // script(1) gives the run a terminal for its stderr; what the terminal got is its stdout.
        let shown = try await stackrunDetachedUnder(["/usr/bin/script", "-qec", "\(binary) run \(script)", "/dev/null"],
                                                    environment: cloudEnvironment(emulator))
        #expect(shown.status == 0, "\(shown.stdout)")
        // The first line counts the waits begun by then (not always all three), and the line is
        // redrawn only now and then: which counts it shows after that depends on timing.
        #expect(shown.stdout.contains("\r\u{1B}[Kservers: 0/"), "\(shown.stdout.debugDescription)")
        #expect(shown.stdout.contains("\r\u{1B}[K") && shown.stdout.contains("INFO built"), "\(shown.stdout.debugDescription)")
        // Erased at the end: nothing follows the last erase but the log line's own text.
        let afterLastErase = shown.stdout.components(separatedBy: "\r\u{1B}[K").last ?? ""
        #expect(!afterLastErase.contains("servers:"), "\(shown.stdout.debugDescription)")
    }

    @Test("--quiet: only errors and the summary", arguments: ["text", "json"])
    func quiet(format: String) throws {
        let script = try temporaryScript("""
            log.info("chatter"); log.warn("warned"); print("printed"); log.error("broken")
            spawn(function() error("lost task") end)
            """)
        let result = try stackrun(["run", "--quiet", "--log-format", format, "--emulator", script])
        #expect(result.status == 1)
        for noise in ["chatter", "warned", "printed", "built-in OpenStack emulator"] {
            #expect(!result.stderr.contains(noise), "\(noise) in \(result.stderr)")
        }
        #expect(result.stderr.contains("broken") && result.stderr.contains("lost task"))
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("\t") && !$0.hasPrefix("stack traceback") }
        if format == "json" {
            let records = jsonRecords(result.stderr)
            #expect(records.count == 3, "\(result.stderr)")
            #expect(records.dropLast().allSatisfy { $0["level"] as? String == "error" })
            #expect((records.last?["summary"] as? [String: Any])?["outcome"] as? String == "script_error")
        } else {
            #expect(lines.last?.contains("script_error (exit 1)") == true, "\(result.stderr)")
        }
    }
}

/// Runs `arguments[0]` (another program that runs stackrun) to its end; what it printed and
/// its status (posix_spawn, not Foundation's Process: see `stackrun(_:)`).
func stackrunDetachedUnder(_ arguments: [String], environment: [String: String]) async throws -> Invocation {
    let output = "\(TestEnvironment.scratch)/sr-output-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    defer { removeScratch(output) }
    let child = try ChildProcess(arguments, environment: environment, outputIn: output)
    child.closeStandardInput()
    var status: Int32?
    while status == nil { status = await child.wait(seconds: 1) }
    return Invocation(status: status ?? -1, stdout: child.stdout, stderr: child.stderr)
}
