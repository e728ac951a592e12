import Glibc
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

    @Test func theTimeoutStopsABusyLoop() async throws {
        let start = Clock.now
        let run = try CommandLineTests.Run(Self.busyLoop, arguments: ["--timeout", "1"])
        defer { run.remove() }
        #expect(await run.finish(within: 40) == 124)
        #expect(Clock.now - start < 25, "stopped after \(Clock.now - start) s")
        #expect(run.process.stderr.contains("the run timed out; every task was cancelled"), "\(run.process.stderr)")
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
