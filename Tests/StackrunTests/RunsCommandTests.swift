import Foundation
import Testing

/// `stackrun runs` (JSON lines when stdout is not a terminal) and `stackrun runs show`.
@Suite("stackrun runs and runs show", .serialized)
struct RunsCommandTests {
    static let failing = """
        log.info("checking the backups")
        log.warn("backup 3 is late")
        error("no backup since yesterday")
        """

    @Test("runs lists each run as a JSON line, newest first, and filters by job")
    func listsJSONLines() throws {
        let state = RunHistoryTests.state()
        let good = try temporaryScript("return 'ok'", name: "good.lua")
        let bad = try temporaryScript(Self.failing, name: "bad.lua")
        let first = try stackrun(["run", good], environment: ["XDG_STATE_HOME": state])
        let second = try stackrun(["run", bad], environment: ["XDG_STATE_HOME": state])
        #expect(first.status == 0 && second.status == 1, "\(first.stderr) \(second.stderr)")

        let listed = try stackrun(["runs"], environment: ["XDG_STATE_HOME": state])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = try listed.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.map { $0["job"] as? String } == ["bad", "good"], "\(listed.stdout)")
        #expect(lines.map { $0["outcome"] as? String } == ["script_error", "success"], "\(listed.stdout)")
        #expect(lines.map { $0["exit_status"] as? Int } == [1, 0], "\(listed.stdout)")
        for line in lines {
            #expect(line["started"] is String && line["duration_ms"] is Int && line["run_id"] is String, "\(line)")
            #expect(line["created"] as? Int == 0 && line["changed"] as? Int == 0 && line["deleted"] as? Int == 0, "\(line)")
        }
        let goodOnly = try stackrun(["runs", "good"], environment: ["XDG_STATE_HOME": state])
        #expect(goodOnly.stdout.split(separator: "\n").count == 1 && goodOnly.stdout.contains("\"job\":\"good\""), "\(goodOnly.stdout)")
        let limited = try stackrun(["runs", "--limit", "1"], environment: ["XDG_STATE_HOME": state])
        #expect(limited.stdout.split(separator: "\n").count == 1 && limited.stdout.contains("\"job\":\"bad\""), "\(limited.stdout)")
    }

    @Test("runs show prints a failed run's record and the tail of its log; an unknown id exits 2")
    func showsFailedRunWithLogTail() throws {
        let state = RunHistoryTests.state()
        let bad = try temporaryScript(Self.failing, name: "bad.lua")
        let run = try stackrun(["run", bad], environment: ["XDG_STATE_HOME": state])
        #expect(run.status == 1)
        let listed = try stackrun(["runs"], environment: ["XDG_STATE_HOME": state])
        let runID = try #require(listed.stdout.firstMatch(of: /"run_id":"([^"]+)"/)?.1)

        let shown = try stackrun(["runs", "show", String(runID)], environment: ["XDG_STATE_HOME": state])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\"outcome\": \"script_error\""), "\(shown.stdout)")
        #expect(shown.stdout.contains("\"job\": \"bad\""), "\(shown.stdout)")
        // The log kept is what the run wrote on stderr, byte for byte.
        #expect(run.stderr.contains("no backup since yesterday") && run.stderr.contains("backup 3 is late"), "\(run.stderr)")
        #expect(shown.stdout.contains("\nlog tail (last \(run.stderr.utf8.count) bytes):\n"), "\(shown.stdout)")
        #expect(shown.stdout.hasSuffix(run.stderr), "\(shown.stdout) vs \(run.stderr)")

        let stored = try stackrun(["runs", "show", "--json", String(runID)], environment: ["XDG_STATE_HOME": state])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [String: Any])
        #expect((record["log_tail"] as? String)?.contains("no backup since yesterday") == true, "\(stored.stdout)")

        let unknown = try stackrun(["runs", "show", "20200101T000000Z-00000000"], environment: ["XDG_STATE_HOME": state])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty, "\(unknown)")
        #expect(unknown.stderr.contains("no run 20200101T000000Z-00000000 in the run history"), "\(unknown.stderr)")
        let traversal = try stackrun(["runs", "show", "../../x"], environment: ["XDG_STATE_HOME": state])
        #expect(traversal.status == 2, "\(traversal)")
    }

    @Test("on a terminal, runs prints a table", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func tableOnTerminal() async throws {
        let state = RunHistoryTests.state()
        let bad = try temporaryScript(Self.failing, name: "bad.lua")
        #expect(try stackrun(["run", bad], environment: ["XDG_STATE_HOME": state]).status == 1)
        let listed = try stackrun(["runs"], environment: ["XDG_STATE_HOME": state])
        let runID = try #require(listed.stdout.firstMatch(of: /"run_id":"([^"]+)"/)?.1)
        let binary = buildDirectory.appendingPathComponent("stackrun").path
        // script(1) gives `runs` a terminal for its stdout; what the terminal got is script's stdout.
        let shown = try await stackrunDetachedUnder(["/usr/bin/script", "-qec", "env XDG_STATE_HOME=\(state) \(binary) runs", "/dev/null"],
                                                    environment: [:])
        let lines = shown.stdout.split(separator: "\r\n")
        #expect(shown.status == 0 && lines.count == 2, "\(shown.stdout.debugDescription)")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true)
            == ["STARTED", "JOB", "OUTCOME", "DURATION", "CHANGES", "RUN", "ID"], "\(shown.stdout)")
        let row = lines.last.map(String.init) ?? ""
        #expect(row.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  bad  script_error \(1\)  [\d.]+ m?s +\+0 ~0 -0  \S+/) != nil, "\(row)")
        #expect(row.hasSuffix(String(runID)), "\(row)")
    }
}
