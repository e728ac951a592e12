import Glibc
import Testing

/// The built `stackrun` binary on scripts: exit codes, signals, the run timeout, and what it
/// writes on stderr. (`swift test` builds it before the tests run.)
@Suite(.exclusive) struct CommandLineTests {
    /// A script in a fresh directory, run by the binary.
    struct Run {
        let directory: TemporaryDirectory
        let process: ChildProcess

        init(_ script: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
            directory = try TemporaryDirectory("cli")
            try directory.write("script.lua", script)
            process = try ChildProcess([Fixtures.stackrunBinary, "run"] + arguments + [directory.file("script.lua")],
                                       environment: environment, outputIn: directory.path)
        }

        /// The exit status; the process is killed if it has not exited after `seconds`.
        func finish(within seconds: Double = 20) async -> Int32 {
            if let status = await process.wait(seconds: seconds) { return status }
            process.send(SIGKILL)
            return process.wait()
        }

        func remove() { directory.remove() }
    }

    @Test func aScriptsResultsArePrintedAsJSON() async throws {
        let run = try Run("return {ok = true, n = 3}, 'second'")
        defer { run.remove() }
        #expect(await run.finish() == 0)
        // Two values are one document, an array, so that stdout can be piped into jq.
        #expect(run.process.stdout == "[\n  {\n    \"n\": 3,\n    \"ok\": true\n  },\n  \"second\"\n]\n", "\(run.process.stdout)")
    }

    @Test func theRunTimeoutExitsWith124() async throws {
        let run = try Run("""
            local ok, err = pcall(sleep, 60)
            log.warn("cleanup after: " .. tostring(err))
            error(err)
            """, arguments: ["--timeout", "0.5"])
        defer { run.remove() }
        let start = Clock.now
        #expect(await run.finish() == 124)
        #expect(Clock.now - start < 10)
        #expect(run.process.stderr.contains("cleanup after: task cancelled because the run timed out"), "\(run.process.stderr)")
        #expect(run.process.stderr.contains("the run timed out; every task was cancelled"))
    }

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func aSignalCancelsTheTasksAndExitsWithItsCode(signal: Int32, expected: Int32, name: String) async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let run = try Run("""
            local worker = spawn(function()
              local ok, err = pcall(http.request, {url = \(lua(server.url("/hang")))})
              log.warn("worker handler: " .. tostring(err))
            end)
            log.info("ready")
            local ok, err = pcall(sleep, 60)
            log.warn("main handler: " .. tostring(err))
            error(err)
            """, arguments: ["--allow-net=127.0.0.1"])
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        #expect(try await server.waitFor("hanging", toBe: 1))
        run.process.send(signal)
        #expect(await run.finish() == expected)
        let stderr = run.process.stderr
        #expect(stderr.contains("main handler: task cancelled by \(name)"), "\(stderr)")
        #expect(stderr.contains("worker handler: task cancelled by \(name)"), "\(stderr)")
        #expect(try await server.waitFor("hanging", toBe: 0), "the worker's request was not aborted")
    }

    @Test func aSecondSignalExitsAtOnce() async throws {
        let run = try Run("""
            log.info("ready")
            while true do pcall(sleep, 60) end -- ignores cancellation
            """)
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        run.process.send(SIGINT)
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(run.process.exitStatus() == nil, "the first signal only cancels")
        run.process.send(SIGINT)
        #expect(await run.finish(within: 5) == 130)
    }

    @Test func anUnobservedTaskFailureExitsWith1() async throws {
        let run = try Run("""
            spawn(function() error("nobody waits for me") end)
            return "done"
            """)
        defer { run.remove() }
        #expect(await run.finish() == 1)
        #expect(run.process.stdout == "\"done\"\n")
        #expect(run.process.stderr.contains("a task nobody waited for failed:"), "\(run.process.stderr)")
        #expect(run.process.stderr.contains("nobody waits for me"))
    }

    @Test func insecureLogsAWarningOncePerHost() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let run = try Run("""
            local a = http.request{url = \(lua(server.url("/json"))), insecure = true}
            local b = http.request{url = \(lua(server.url("/json"))), insecure = true}
            return a.status + b.status
            """, arguments: ["--allow-net=127.0.0.1"])
        defer { run.remove() }
        #expect(await run.finish() == 0)
        #expect(run.process.stdout == "400\n")
        let warning = "TLS verification is off for 127.0.0.1:\(server.port)"
        #expect(run.process.stderr.components(separatedBy: warning).count == 2, "\(run.process.stderr)")
    }
}

extension String {
    /// Pieces of the string around each occurrence of `separator`.
    func components(separatedBy separator: String) -> [Substring] {
        var pieces: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            pieces.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        pieces.append(rest)
        return pieces
    }
}
