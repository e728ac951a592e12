import Emulator
import Foundation
import Testing

/// The run history: every `stackrun run` leaves a record in
/// `$XDG_STATE_HOME/stackrun/runs/JOB/RUN_ID.json`, pruned to `--keep N` per job, read back by
/// `stackrun runs` and `stackrun runs show`.
@Suite("the run history and stackrun runs", .serialized)
struct RunHistoryTests {
    /// A state directory of the test's own, so that the history holds only its runs.
    static func state() -> String { "\(TestEnvironment.scratch)/sr-history-\(UUID().uuidString.prefix(8))" }

    static func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func permissions(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("each run writes RUN_ID.json under the job's directory (0700, 0600); --keep 2 over three runs leaves the newest two")
    func writtenAndPruned() throws {
        let state = Self.state()
        let script = try temporaryScript("return 1", name: "nightly-job.lua")
        var ids: [String] = []
        for _ in 0..<3 {
            let result = try stackrun(["run", "--log-format", "json", "--keep", "2", script], environment: ["XDG_STATE_HOME": state])
            #expect(result.status == 0, "\(result.stderr)")
            let record = try #require(jsonRecords(result.stderr).last)
            ids.append(try #require(record["run_id"] as? String))
        }
        let jobDirectory = "\(state)/stackrun/runs/nightly-job"
        #expect(Self.files(jobDirectory) == ids.dropFirst().map { "\($0).json" }.sorted(), "\(Self.files(jobDirectory)) vs \(ids)")
        #expect(!FileManager.default.fileExists(atPath: "\(jobDirectory)/\(ids[0]).json"), "the oldest run is gone")
        #expect(Self.permissions("\(state)/stackrun/runs") == 0o700 && Self.permissions(jobDirectory) == 0o700)
        #expect(Self.permissions("\(jobDirectory)/\(ids[2]).json") == 0o600)
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(jobDirectory)/\(ids[2]).json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(record["run_id"] as? String == ids[2] && record["job"] as? String == "nightly-job", "\(record)")
        #expect(record["outcome"] as? String == "success" && record["exit_status"] as? Int == 0, "\(record)")
        #expect(record["started"] is String && record["ended"] is String && record["duration_ms"] is Int, "\(record)")
        #expect(record["log_tail"] == nil, "a run that succeeded keeps no log")

        let none = try stackrun(["run", "--no-history", script], environment: ["XDG_STATE_HOME": state])
        #expect(none.status == 0 && Self.files(jobDirectory).count == 2, "--no-history records nothing")
    }

    @Test("the record carries the API calls and resources the emulator saw, and the arguments with secret ones masked")
    func recordMatchesEmulator() async throws {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let state = Self.state()
        let script = try temporaryScript("local n = neutron.networks.create{name = 'h'}; neutron.networks.delete(n)", name: "net.lua")
        var environment = cloudEnvironment(emulator)
        environment["XDG_STATE_HOME"] = state
        let secret = "hunter2-history"
        let result = try await stackrunDetached(["run", script, "region=one", "--password", secret, "api_token=\(secret)"],
                                                environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try stackrun(["runs"], environment: ["XDG_STATE_HOME": state])
        let line = try #require(listed.stdout.split(separator: "\n").first)
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let runID = try #require(listing["run_id"] as? String)
        let stored = try String(contentsOfFile: "\(state)/stackrun/runs/net/\(runID).json", encoding: .utf8)
        #expect(!stored.contains(secret), "\(stored)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        let parameters = record["parameters"] as? [String: Any]
        #expect(parameters?["arguments"] as? [String] == ["region=one", "--password", "***", "api_token=***"], "\(stored)")
        let calls = record["api_calls"] as? [String: Any]
        #expect(calls?["total"] as? Int == emulator.stats()["requests"]?["total"]?.intValue, "\(stored)")
        let resources = record["resources"] as? [String: Any]
        #expect(resources?["created"] as? Int == 1 && resources?["deleted"] as? Int == 1, "\(stored)")
    }

    @Test("a recipe's run is filed under the recipe's name, its --params with secret names masked")
    func recipeRun() throws {
        let state = Self.state()
        let project = "\(TestEnvironment.scratch)/sr-project-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: project + "/recipes", withIntermediateDirectories: true)
        try """
            return {
              name = "rotate", version = "1.0.0", description = "Rotates a key",
              params = {
                who = {type = "string", required = true, description = "whose"},
                api_token = {type = "string", required = true, description = "the new token"},
              },
              run = function(p) return p.who end,
            }
            """.write(toFile: project + "/recipes/rotate.lua", atomically: true, encoding: .utf8)
        let secret = "tok-history-never-kept"
        let result = try stackrun(["run", "rotate", "--param", "who=ana", "--param", "api_token=\(secret)"],
                                  environment: ["XDG_STATE_HOME": state], directory: project)
        #expect(result.status == 0, "\(result.stderr)")
        let files = Self.files("\(state)/stackrun/runs/rotate")
        #expect(files.count == 1, "\(files)")
        let stored = try String(contentsOfFile: "\(state)/stackrun/runs/rotate/\(files.first ?? "")", encoding: .utf8)
        #expect(!stored.contains(secret), "\(stored)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        #expect(record["job"] as? String == "rotate" && record["recipe"] as? String == "rotate", "\(stored)")
        let parameters = record["parameters"] as? [String: Any]
        #expect(parameters?["param"] as? [String: String] == ["who": "ana", "api_token": "***"], "\(stored)")
    }

    @Test("a history that cannot be written is one warning, even after a quiet success, and the run still succeeds")
    func unwritableHistory() throws {
        // XDG_STATE_HOME is a file: no directory can be made below it.
        let state = Self.state()
        try "not a directory".write(toFile: state, atomically: true, encoding: .utf8)
        let script = try temporaryScript("return 'done'")
        for flags in [[], ["--quiet-success"]] {
            // --no-journal: the journal, in the same state directory, would warn too.
            let result = try stackrun(["run", "--no-journal"] + flags + [script], environment: ["XDG_STATE_HOME": state])
            #expect(result.status == 0 && result.stdout.contains("done"), "\(flags): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            // As a warning record; after a quiet success, in the summary's line, which --quiet keeps too.
            let expected = flags.isEmpty ? "WARNING the run history could not be written" : "; warnings: the run history could not be written"
            #expect(lines.count == 1 && lines.first?.contains(expected) == true, "\(flags): \(result.stderr)")
        }
        let quietly = try stackrun(["run", "--no-journal", "--quiet", "--quiet-success", script], environment: ["XDG_STATE_HOME": state])
        #expect(quietly.status == 0 && quietly.stderr.contains("; warnings: the run history could not be written"), "\(quietly.stderr)")
    }
}
