import Foundation
import Testing

/// A `stackrun run` started and left running, for tests that need two at once (posix_spawn,
/// not Foundation's Process: see `stackrun(_:)`).
final class RunningStackrun: @unchecked Sendable {
    private let child: ChildProcess
    private let output = "\(TestEnvironment.scratch)/sr-output-\(UUID().uuidString.prefix(8))"

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        child = try ChildProcess([stackrunBinary] + arguments, environment: environment, outputIn: output)
        child.closeStandardInput()
    }

    var pid: Int32 { child.pid }
    var isRunning: Bool { child.exitStatus() == nil }

    /// Waits for the process to end, polling; what it printed and its status.
    func finish() async -> Invocation {
        var status: Int32?
        while status == nil { status = await child.wait(seconds: 1) }
        defer { removeScratch(output) }
        return Invocation(status: status ?? -1, stdout: child.stdout, stderr: child.stderr)
    }
}

/// Polls `condition` every 20 ms for at most `seconds`.
func eventually(seconds: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}

/// `run --lock FILE`: two runs of a job never overlap. The first holds an flock on FILE and
/// writes who it is there; a second exits at once with 75 and one line naming the file and its
/// holder, or with --wait-lock runs once the first has ended.
@Suite("run --lock: one run at a time", .serialized)
struct RunLockTests {
    /// A script that runs until `release` exists (in its own directory, which it may read), then
    /// returns `result`: the test decides when the first run ends, without a fixed sleep.
    static func heldScript(result: String) throws -> (script: String, release: String) {
        let script = try temporaryScript("""
            local release = arg[1]
            while not fs.exists(release) do sleep(0.02) end
            return "\(result)"
            """)
        return (script, URL(fileURLWithPath: script).deletingLastPathComponent().appendingPathComponent("release").path)
    }

    @Test("a second run exits at once with 75 and one line naming the lock and its holder; --wait-lock runs after the first ends")
    func contention() async throws {
        let (script, release) = try Self.heldScript(result: "first")
        let directory = URL(fileURLWithPath: script).deletingLastPathComponent().path
        defer { removeScratch(directory) }
        let lock = directory + "/locks/job.lock"
        let first = try RunningStackrun(["run", "--lock", lock, script, release])
        let holder = "held by pid \(first.pid) on "
        #expect(await eventually(seconds: 30) { ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("\"pid\"") })
        let mode = try FileManager.default.attributesOfItem(atPath: lock)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let started = Date()
        let second = try await stackrunDetached(["run", "--lock", lock, script, release])
        #expect(second.status == 75)
        #expect(Date().timeIntervalSince(started) < 10, "it did not wait")
        let lines = second.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(second.stderr)")
        #expect(second.stderr.contains(lock) && second.stderr.contains(holder) && second.stderr.contains("(run 20"), "\(second.stderr)")
        #expect(second.stdout.isEmpty)

        let json = try await stackrunDetached(["run", "--lock", lock, "--log-format", "json", script, release])
        #expect(json.status == 75)
        let records = jsonRecords(json.stderr)
        #expect(records.count == 1, "one record, no summary: \(json.stderr)")
        #expect(records.first?["level"] as? String == "error")
        #expect((records.first?["message"] as? String)?.contains(lock) == true)

        let brief = try await stackrunDetached(["run", "--lock", lock, "--wait-lock", "0.3", script, release])
        #expect(brief.status == 75)
        #expect(brief.stderr.contains("after waiting 0.3 s"), "\(brief.stderr)")

        let waiting = try RunningStackrun(["run", "--lock", lock, "--wait-lock", "60", script, release])
        // It waits while the first holds the lock...
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(waiting.isRunning)
        #expect(FileManager.default.createFile(atPath: release, contents: Data()))
        let firstResult = await first.finish()
        #expect(firstResult.status == 0 && firstResult.stdout == "\"first\"\n", "\(firstResult.stderr)")
        // ...and runs once it ended, holding the lock in turn.
        let waited = await waiting.finish()
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stdout == "\"first\"\n")
        // A run that ends as it should empties the note as it releases the lock.
        let note = try String(contentsOfFile: lock, encoding: .utf8)
        #expect(note.isEmpty, "\(note)")
        #expect(!waited.stderr.contains("took over"), "\(waited.stderr)")
    }

    @Test("a lock whose holder was killed is taken over, with a warning naming that holder")
    func staleHolder() async throws {
        let (script, release) = try Self.heldScript(result: "next")
        let directory = URL(fileURLWithPath: script).deletingLastPathComponent().path
        defer { removeScratch(directory) }
        let lock = directory + "/job.lock"
        let killed = try RunningStackrun(["run", "--lock", lock, script, release])
        #expect(await eventually(seconds: 30) { ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("\"pid\"") })
        kill(killed.pid, SIGKILL)
        _ = await killed.finish()
        #expect(FileManager.default.createFile(atPath: release, contents: Data()))
        let next = try await stackrunDetached(["run", "--lock", lock, script, release])
        #expect(next.status == 0 && next.stdout == "\"next\"\n", "\(next.stderr)")
        #expect(next.stderr.contains("took over the lock \(lock) from pid \(killed.pid) on "), "\(next.stderr)")
        #expect(next.stderr.contains("which ended without releasing it"), "\(next.stderr)")
    }

    @Test("--max-runtime ends a sleeping job with 124 and its summary; --jitter waits less than asked, then runs")
    func maxRuntimeAndJitter() async throws {
        let script = try temporaryScript("sleep(60) return 'never'")
        defer { removeScratch(URL(fileURLWithPath: script).deletingLastPathComponent().path) }
        let started = Date()
        let ended = try await stackrunDetached(["run", "--max-runtime", "1", "--log-format", "json", "--no-journal", script])
        #expect(ended.status == 124, "\(ended.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        let summary = jsonRecords(ended.stderr).last?["summary"] as? [String: Any]
        #expect(summary?["outcome"] as? String == "timeout" && summary?["exit_status"] as? Int == 124, "\(ended.stderr)")

        let quick = try temporaryScript("return 'ran'")
        defer { removeScratch(URL(fileURLWithPath: quick).deletingLastPathComponent().path) }
        let jittered = try await stackrunDetached(["run", "--jitter", "0.5", quick])
        #expect(jittered.status == 0 && jittered.stdout == "\"ran\"\n", "\(jittered.stderr)")
        let waited = jittered.stderr.firstMatch(of: /--jitter: starting in ([0-9.]+) s/).flatMap { Double($0.1) }
        #expect(waited.map { $0 >= 0 && $0 <= 0.5 } == true, "\(jittered.stderr)")
        #expect(try stackrun(["run", "--jitter", "-1", quick]).status == 2)
    }

    @Test("a lock that cannot be made is a usage error naming it; --wait-lock needs --lock")
    func unusableLock() throws {
        let script = try temporaryScript("return 1")
        let result = try stackrun(["run", "--lock", "/proc/no/such.lock", script])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/proc/no/such.lock"), "\(result.stderr)")
        let alone = try stackrun(["run", "--wait-lock", "5", script])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("--wait-lock needs --lock"), "\(alone.stderr)")
    }
}
