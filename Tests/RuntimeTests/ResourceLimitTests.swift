import Glibc
import Runtime
import Testing

/// Issue 17, "Limits": --memory-limit and --cpu-limit end a runaway script with their own exit
/// statuses, while a script that recovers from an out-of-memory error, or waits, is left alone.
/// Each test runs the built binary; the time bounds are loose (the machine is shared).
@Suite(.exclusive) struct ResourceLimitTests {
    /// Grows a table by 1 KB strings up to about 400 MB: bounded, so that without a limit the
    /// test fails by its exit status rather than by taking the machine's memory.
    static func growingLoop(count: Int = 400_000) -> String {
        "local t = {} for i = 1, \(count) do t[i] = string.rep('x', 1000) .. i end return #t"
    }

    @Test func aBusyLoopEndsAfterItsCPULimit() async throws {
        let run = try CommandLineTests.Run("while true do end", arguments: ["--cpu-limit", "1"])
        defer { run.remove() }
        let start = Clock.now
        #expect(await run.finish(within: 30) == ExitStatus.cpuLimit.rawValue)
        let elapsed = Clock.now - start
        #expect(elapsed > 0.9 && elapsed < 6, "ended after \(elapsed) s")
        #expect(run.process.stderr.contains("run stopped: the script used up its --cpu-limit"), "\(run.process.stderr)")
    }

    @Test func aCaughtCPUStopIsRaisedAgain() async throws {
        let run = try CommandLineTests.Run("""
            for i = 1, 1e12 do pcall(function() local s = 0 for j = 1, 1000 do s = s + j end end) end
            """, arguments: ["--cpu-limit", "0.5"])
        defer { run.remove() }
        #expect(await run.finish(within: 30) == ExitStatus.cpuLimit.rawValue, "\(run.process.stderr)")
    }

    @Test func waitingDoesNotCountAgainstTheCPULimit() async throws {
        let run = try CommandLineTests.Run("sleep(1.5) return 'done'", arguments: ["--cpu-limit", "1"])
        defer { run.remove() }
        #expect(await run.finish(within: 30) == 0, "\(run.process.stderr)")
        #expect(run.process.stdout == "\"done\"\n")
    }

    @Test func aGrowingTableEndsAtTheMemoryLimitWithItsRSSNearIt() async throws {
        let idle = try CommandLineTests.Run("return 1")
        defer { idle.remove() }
        #expect(await idle.finish() == 0)
        let baseline = try #require(idle.process.peakResidentKilobytes)
        let run = try CommandLineTests.Run(Self.growingLoop(), arguments: ["--memory-limit", "64M"])
        defer { run.remove() }
        #expect(await run.finish(within: 60) == ExitStatus.outOfMemory.rawValue, "\(run.process.stderr)")
        let peak = try #require(run.process.peakResidentKilobytes)
        // The limit, the 16 MiB a Swift call may overdraw, and the allocator's own slack.
        #expect(peak - baseline < 100 * 1024, "peak RSS \(peak) KiB, \(baseline) KiB without the script")
        #expect(run.process.stderr.contains("not enough memory (the Lua heap reached --memory-limit)"), "\(run.process.stderr)")
    }

    @Test func aScriptThatCatchesOutOfMemoryOnceAndLetsGoFinishes() async throws {
        let run = try CommandLineTests.Run("""
            local ok, err = pcall(function() \(Self.growingLoop()) end)
            local kept = {}
            for i = 1, 1000 do kept[i] = tostring(i) end
            return {ok = ok, err = err, kept = #kept}
            """, arguments: ["--memory-limit", "64M"])
        defer { run.remove() }
        #expect(await run.finish(within: 60) == 0, "\(run.process.stderr)")
        #expect(run.process.stdout.contains("\"err\": \"not enough memory\""), "\(run.process.stdout)")
        #expect(run.process.stdout.contains("\"kept\": 1000"), "\(run.process.stdout)")
    }

    @Test func aScriptThatKeepsAllocatingAfterCatchingIsStopped() async throws {
        let run = try CommandLineTests.Run("""
            local hold = {}
            for round = 1, 5 do
              local ok, err = pcall(function() for i = 1, 1e7 do hold[#hold + 1] = string.rep('x', 1000) .. i end end)
              log.info("round " .. round .. ": " .. tostring(err))
            end
            return "went on"
            """, arguments: ["--memory-limit", "64M"])
        defer { run.remove() }
        #expect(await run.finish(within: 60) == ExitStatus.outOfMemory.rawValue, "\(run.process.stderr)")
        #expect(run.process.stderr.contains("round 1: not enough memory"), "\(run.process.stderr)")
        #expect(run.process.stderr.contains("went past --memory-limit again"), "\(run.process.stderr)")
        #expect(!run.process.stdout.contains("went on"))
    }

    @Test func theDefaultLimitLeavesOrdinaryScriptsAlone() async throws {
        let run = try CommandLineTests.Run(Self.growingLoop(count: 20_000))
        defer { run.remove() }
        #expect(await run.finish(within: 60) == 0, "\(run.process.stderr)")
        #expect(run.process.stdout == "20000\n")
    }

    @Test func badLimitsAreUsageErrors() async throws {
        for arguments in [["--memory-limit", "lots"], ["--memory-limit", "64MiB"], ["--cpu-limit", "0"], ["--cpu-limit", "-1"]] {
            let run = try CommandLineTests.Run("return 1", arguments: arguments)
            defer { run.remove() }
            #expect(await run.finish() == ExitStatus.usage.rawValue, "\(arguments)")
        }
    }

    @Test func everyExitStatusIsInTheREADMEsTable() throws {
        let readme = try readFile(Fixtures.packageRoot + "/README.md")
        for status in ExitStatus.allCases {
            #expect(readme.contains("\n| \(status.rawValue) |"), "README has no row for \(status)")
        }
    }
}
