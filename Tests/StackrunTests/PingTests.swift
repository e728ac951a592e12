import Foundation
import Testing

/// `--ping URL`: healthchecks.io's protocol, against a local server that records what it got.
@Suite("--ping: health-check pings at the start and end of a run", .serialized)
struct PingTests {
    /// The run id of a `--log-format json` run: every record carries it.
    func runID(_ stderr: String) throws -> String {
        try #require(jsonRecords(stderr).last?["run_id"] as? String, "\(stderr)")
    }

    /// The rid of every ping, one for the whole run, in healthchecks.io's canonical UUID form.
    func sharedRID(_ pings: [(method: String, path: String, body: String)]) throws -> String {
        let rids = Set(pings.compactMap { $0.path.firstMatch(of: /\?rid=(.*)$/).map { String($0.1) } })
        #expect(rids.count == 1 && pings.allSatisfy { $0.path.contains("?rid=") }, "\(pings)")
        let rid = try #require(rids.first)
        #expect(rid.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(rid)")
        return rid
    }

    @Test("a successful run: GET URL/start, then POST URL with the log's tail, both with the run's rid")
    func success() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let script = try temporaryScript(#"log.info("nightly work done", {items = 3}); return 1"#)
        let result = try await stackrunDetached(["run", "--log-format", "json", "--ping", server.url("check-key"), "--emulator", script])
        #expect(result.status == 0, "\(result.stderr)")
        let pings = server.pings()
        #expect(pings.map(\.method) == ["GET", "POST"], "\(pings)")
        let rid = try sharedRID(pings)
        #expect(pings.map(\.path) == ["/ping/check-key/start?rid=\(rid)", "/ping/check-key?rid=\(rid)"])
        let body = try #require(pings.last?.body)
        #expect(body.hasPrefix("stackrun run \(try runID(result.stderr))\n"), "\(body)")
        // The log's tail, then the summary's line (the summary record itself comes after the ping).
        let summaryLine = "stackrun: run \(try runID(result.stderr)): success (exit 0) in "
        #expect(body.contains("nightly work done") && body.contains(summaryLine) && body.hasSuffix("0 deleted\n"), "\(body)")
        #expect(!result.stderr.contains("check-key"), "the ping URL's key is never logged")
    }

    @Test("a failing run: URL/fail with the failure's log line; the exit status is the script's")
    func failure() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let script = try temporaryScript(#"log.info("starting"); error("the volume backup broke")"#)
        let result = try await stackrunDetached(["run", "--ping", server.url("fail-key") + "/", "--emulator", script])
        #expect(result.status == 1, "\(result.stderr)")
        let pings = server.pings()
        let rid = try sharedRID(pings)
        #expect(pings.map { "\($0.method) \($0.path)" } == ["GET /ping/fail-key/start?rid=\(rid)", "POST /ping/fail-key/fail?rid=\(rid)"])
        let body = try #require(pings.last?.body)
        #expect(body.contains("the volume backup broke") && body.contains("INFO starting"), "\(body)")
    }

    @Test("with --quiet-success and --debug: nothing on stderr, yet the end ping carries the log; the key is never traced")
    func quietSuccess() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let script = try temporaryScript(#"log.info("held back"); return 1"#)
        let quiet = try await stackrunDetached(["run", "--quiet-success", "--ping", server.url("quiet-key"), "--emulator", script])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(server.pings().last?.body.contains("INFO held back") == true, "\(server.pings())")
        // A metrics file that cannot be written: the ping's summary line says so.
        let unwritable = try await stackrunDetached(["run", "--quiet-success", "--metrics-file", "/proc/no/such/x.prom",
                                                     "--ping", server.url("quiet-key"), "--emulator", script])
        #expect(unwritable.status == 0 && unwritable.stderr.contains("; warnings: cannot write the metrics file"), "\(unwritable.stderr)")
        #expect(server.pings().last?.body.contains("; warnings: cannot write the metrics file /proc/no/such/x.prom") == true,
                "\(server.pings().last?.body ?? "")")
        let traced = try await stackrunDetached(["run", "--debug", "--ping", server.url("quiet-key"), "--emulator", script])
        #expect(traced.status == 0 && traced.stderr.contains("held back"), "\(traced.stderr)")
        #expect(!traced.stderr.contains("quiet-key"), "\(traced.stderr)")
    }

    @Test("--ping-exit-code: the end is URL/<exit status>")
    func exitCode() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let failing = try temporaryScript(#"error("no")"#)
        #expect(try await stackrunDetached(["run", "--ping", server.url("code"), "--ping-exit-code", "--emulator", failing]).status == 1)
        let succeeding = try temporaryScript("return true")
        #expect(try await stackrunDetached(["run", "--ping", server.url("code"), "--ping-exit-code", "--emulator", succeeding]).status == 0)
        let ends = server.pings().filter { $0.method == "POST" }.map { $0.path.prefix { $0 != "?" } }
        #expect(ends == ["/ping/code/1", "/ping/code/0"], "\(ends)")
    }

    @Test("an unreachable ping URL: a warning naming only the host, the job's status unchanged, little delay")
    func unreachable() async throws {
        let port = closedPort()
        let script = try temporaryScript("return 42")
        let started = Date()
        let result = try await stackrunDetached(["run", "--ping", "http://127.0.0.1:\(port)/secret-ping-key", "--emulator", script])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0 && result.stdout.hasPrefix("42"), "\(result.stderr)")
        #expect(result.stderr.contains("health-check ping (start) to 127.0.0.1:\(port) failed: cannot connect"), "\(result.stderr)")
        #expect(result.stderr.contains("health-check ping (end) to 127.0.0.1:\(port) failed"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret-ping-key"), "\(result.stderr)")
        #expect(seconds < 5, "\(seconds) s")
    }

    @Test("failed pings: with --quiet and JSON logs, the summary is still the last record and carries them")
    func failedPingsInTheSummary() async throws {
        let port = closedPort()
        let script = try temporaryScript("return 1")
        let result = try await stackrunDetached(["run", "--log-format", "json", "--quiet",
                                                 "--ping", "http://127.0.0.1:\(port)/key-in-path", "--emulator", script])
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(jsonRecords(result.stderr).last)
        let summary = try #require(last["summary"] as? [String: Any], "the last record is the summary: \(result.stderr)")
        let warnings = summary["warnings"] as? [String] ?? []
        #expect(warnings.count == 2 && warnings.allSatisfy { $0.contains("health-check ping") }, "\(warnings)")
        #expect(!result.stderr.contains("key-in-path"), "\(result.stderr)")
    }

    @Test("--ping-file: the URL read from a file, kept out of the command line, arg[-n] and crontab lines")
    func pingFile() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let directory = try temporaryScript("", name: "unused.lua")
        let file = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("ping-url").path
        try (server.url("file-key") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let script = try temporaryScript("return table.concat(arg, ' ', -4, -1)")
        let fromFile = try await stackrunDetached(["run", "--ping-file", file, "--emulator", script])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(server.pings().map(\.method) == ["GET", "POST"], "\(server.pings())")
        #expect(server.pings().first?.path.hasPrefix("/ping/file-key/start?rid=") == true)
        // Given inline, the URL is masked in what the script sees of the command line.
        let inline = try await stackrunDetached(["run", "--ping", server.url("inline-key"), "--emulator", script])
        #expect(inline.status == 0 && inline.stdout.contains("--ping ***") && !inline.stdout.contains("inline-key"), "\(inline.stdout)")
        let missing = try await stackrunDetached(["run", "--ping-file", file + ".gone", "--emulator", script])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read --ping-file"), "\(missing.stderr)")
        let cron = try await stackrunDetached(["cron", "@hourly", script, "--ping", server.url("cron-key")])
        #expect(cron.status == 2 && cron.stderr.contains("--ping-file") && !cron.stderr.contains("cron-key"), "\(cron.stderr)")
        let cronFile = try await stackrunDetached(["cron", "@hourly", script, "--ping-file", file])
        #expect(cronFile.status == 0 && cronFile.stdout.contains("--ping-file"), "\(cronFile.stderr)")
    }

    @Test("a ping URL that never answers delays the run by at most 2.5 s a ping")
    func hanging() async throws {
        let server = try await PingRecorder()
        defer { server.stop() }
        let script = try temporaryScript("return 1")
        let started = Date()
        // /hang/start never answers; the end (a POST there) is answered 404 at once.
        let result = try await stackrunDetached(["run", "--ping", "http://127.0.0.1:\(server.port)/hang", "--emulator", script])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("health-check ping (start) to 127.0.0.1:\(server.port) failed: timed out"), "\(result.stderr)")
        #expect(result.stderr.contains("health-check ping (end) to 127.0.0.1:\(server.port) failed: answered 404"), "\(result.stderr)")
        #expect(seconds >= 2.4 && seconds < 6, "\(seconds) s")
    }

    @Test("--ping needs an http URL without a query; --ping-exit-code needs --ping")
    func validation() async throws {
        for arguments in [["--ping", "ftp://example.org/x"], ["--ping", "http://example.org/x?a=1"], ["--ping-exit-code"],
                          ["--ping", "http://example.org/x", "--ping-file", "/etc/hostname"]] {
            let result = try await stackrunDetached(["run"] + arguments + ["--emulator", try temporaryScript("return 1")])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
    }
}
