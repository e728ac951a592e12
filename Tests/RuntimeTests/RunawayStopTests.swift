import Glibc
import JSONValue
import Testing

/// Issue 15, "runs always stop": a script that never yields and catches every error with pcall
/// must still end after --timeout, after SIGTERM, and at once on a second signal. Each test
/// runs the built binary; the bounds are loose (the machine is shared), but the unfixed program
/// never ended at all.
@Suite(.exclusive) struct RunawayStopTests {
    /// Never waits on anything, and its pcall catches whatever is raised inside the loop body.
    static let busyLoop = """
        log.info("ready")
        for i = 1, 1e12 do
          pcall(function() local s = 0 for j = 1, 1000 do s = s + j end end)
        end
        """

    @Test func aSecondSignalExitsWhileLuaIsBusy() async throws {
        let run = try CommandLineTests.Run(Self.busyLoop)
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        run.process.send(SIGTERM)
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(run.process.exitStatus() == nil, "the first signal only cancels")
        let start = Clock.now
        run.process.send(SIGTERM)
        #expect(await run.finish(within: 15) == 143)
        #expect(Clock.now - start < 5, "the second signal took \(Clock.now - start) s to end the run")
        #expect(run.process.stderr.contains("stackrun: second SIGTERM, exiting at once"), "\(run.process.stderr)")
    }

    @Test func theSecondSignalsLineIsARecordWithJSONLogs() async throws {
        let run = try CommandLineTests.Run(Self.busyLoop, arguments: ["--log-format", "json"])
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        run.process.send(SIGTERM)
        try await Task.sleep(nanoseconds: 200_000_000)
        run.process.send(SIGTERM)
        #expect(await run.finish(within: 15) == 143)
        let lines = run.process.stderr.split(separator: "\n")
        let last = try JSON.decode(Array((lines.last ?? "").utf8))
        #expect(last["message"] == "second SIGTERM, exiting at once" && last["logger"] == "stackrun" && last["time"] != nil,
                "\(run.process.stderr)")
        for line in lines { #expect((try? JSON.decode(Array(line.utf8))) != nil, "not a JSON record: \(line)") }
    }

    @Test func oneSignalStopsABusyLoopAfterFiveSeconds() async throws {
        let run = try CommandLineTests.Run(Self.busyLoop)
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        let start = Clock.now
        run.process.send(SIGINT)
        #expect(await run.finish(within: 40) == 130)
        #expect(Clock.now - start < 25, "stopped after \(Clock.now - start) s")
        #expect(Clock.now - start > 4, "stopped before its 5 seconds were up")
        #expect(run.process.stderr.contains("run stopped: a task kept running 5 s after it was cancelled"), "\(run.process.stderr)")
    }

    @Test func oneSignalStopsABusyLoopInTheScriptsOwnCoroutine() async throws {
        // The coroutine exists before the signal: it has no hook of its own to inherit.
        let run = try CommandLineTests.Run("""
            local spin = coroutine.wrap(function()
              for i = 1, 1e12 do pcall(function() local s = 0 for j = 1, 1000 do s = s + j end end) end
            end)
            log.info("ready")
            spin()
            """)
        defer { run.remove() }
        #expect(await run.process.waitFor("ready", seconds: 20))
        run.process.send(SIGINT)
        #expect(await run.finish(within: 40) == 130)
        #expect(run.process.stderr.contains("run stopped: a task kept running 5 s after it was cancelled"), "\(run.process.stderr)")
    }

    @Test func aSignalDuringCleanupLeavesTheCleanupsTasksAlone() async throws {
        let run = try CommandLineTests.Run("""
            local t = spawn(function()
              local cleanup <close> = setmetatable({}, {__close = function()
                log.info("cleanup started")
                local ok, a = pcall(parallel, function() sleep(1.5) return "a" end, function() sleep(1.5) return "b" end)
                log.info("cleanup parallel " .. tostring(ok) .. " " .. tostring(a))
              end})
              sleep(100)
            end)
            t:wait()
            """, arguments: ["--timeout", "0.5", "--grace", "20"])
        defer { run.remove() }
        #expect(await run.process.waitFor("cleanup started", seconds: 20))
        run.process.send(SIGINT) // the run is cancelled already: this must not cancel the cleanup's tasks
        #expect(await run.finish(within: 40) == 124)
        #expect(run.process.stderr.contains("cleanup parallel true a"), "\(run.process.stderr)")
    }

    @Test func theTimeoutStopsABusyLoop() async throws {
        let start = Clock.now
        let run = try CommandLineTests.Run(Self.busyLoop, arguments: ["--timeout", "1"])
        defer { run.remove() }
        #expect(await run.finish(within: 40) == 124)
        #expect(Clock.now - start < 25, "stopped after \(Clock.now - start) s")
        #expect(run.process.stderr.contains("the run timed out; every task was cancelled"), "\(run.process.stderr)")
    }

    /// Code that ignores its cancellation is stopped 5 s after it, even when --grace would allow
    /// a minute: the grace period is for cleanup that waits on something, not for loops.
    @Test func aLongGraceStillStopsABusyLoopFiveSecondsAfterTheTimeout() async throws {
        let start = Clock.now
        let run = try CommandLineTests.Run(Self.busyLoop, arguments: ["--timeout", "0.5", "--grace", "60"])
        defer { run.remove() }
        #expect(await run.finish(within: 45) == 124)
        let elapsed = Clock.now - start
        #expect(elapsed > 4.5, "stopped \(elapsed) s after the start, before its 5 s were up")
        #expect(elapsed < 30, "stopped after \(elapsed) s: the 60 s grace was waited out")
        #expect(run.process.stderr.contains("run stopped: a task kept running 5 s after it was cancelled"), "\(run.process.stderr)")
    }

    @Test func theEndOfTheGracePeriodStopsABusyCleanup() async throws {
        let start = Clock.now
        let run = try CommandLineTests.Run("""
            local busy <close> = setmetatable({}, {__close = function()
              for i = 1, 1e12 do pcall(function() local s = 0 for j = 1, 1000 do s = s + j end end) end
            end})
            sleep(60)
            """, arguments: ["--timeout", "0.5", "--grace", "1"])
        defer { run.remove() }
        #expect(await run.finish(within: 40) == 124)
        // Which rule stopped it is in the message: the 5 s rule would have fired at 5.5 s.
        #expect(Clock.now - start < 20, "stopped after \(Clock.now - start) s")
        #expect(run.process.stderr.contains("run stopped: the grace period after cancellation ended"), "\(run.process.stderr)")
    }
}
