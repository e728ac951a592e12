import Emulator
import Glibc
import JSONValue
import Runtime
import Testing

/// Issue 15, "cleanup can clean up": after a timeout, a signal or task:cancel(), the cancellation
/// error is raised once where the task waits; its handlers and `<close>` variables may then call
/// APIs until the grace period ends, when whatever still waits is cancelled again.
@Suite(.exclusive) struct CleanupGraceTests {
    @Test func cleanupMayCallAfterTheRunTimedOut() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let log = LogCapture()
        let report = try await runLua("""
            local worker = spawn(function()
              local cleanup <close> = setmetatable({}, {__close = function(_, err)
                log.info("cleanup after: " .. tostring(err))
                sleep(0.1)
                log.info("cleanup request: " .. http.request{url = \(lua(server.url("/json")))}.status)
              end})
              sleep(100)
            end)
            worker:wait()
            """, timeout: 0.5, log: log)
        #expect(report.status == .timeout)
        #expect(log.messages == ["info: cleanup after: task cancelled because the run timed out", "info: cleanup request: 200"])
    }

    @Test func aCancelledTaskMayCleanUpUntilItsGraceEnds() async throws {
        let (report, elapsed) = try await timedRunLua("""
            local t = spawn(function()
              local _, cancelled = pcall(sleep, 60)
              local seen = {first = tostring(cancelled)}
              seen.short = pcall(sleep, 0.01)  -- cleanup's I/O is allowed
              local _, cut = pcall(sleep, 60)  -- cut short when the grace ends
              seen.cut = tostring(cut)
              local _, after = pcall(sleep, 0) -- refused at once after it
              seen.after = tostring(after)
              return seen
            end)
            sleep(0.05)
            t:cancel()
            return t:wait()
            """, grace: 2)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["first": "task cancelled", "short": true, "cut": "task cancelled", "after": "task cancelled"])
        #expect(elapsed < 10, "the grace of 2 s ended the cleanup's sleep after \(elapsed) s")
    }

    @Test func aTaskCancelledWithAResultWaitingGetsTheResult() async throws {
        // h's end resumes main first (it waited first), which cancels t while t is about to be
        // resumed with h's result: t still gets it (a create's id, for its cleanup).
        let report = try await runLua("""
            local h = spawn(function() sleep(0.05) return "done" end)
            local t = spawn(function()
              local ok, v = pcall(function() return h:wait() end)
              local ok2, e = pcall(sleep, 0)
              return {first = ok and v or "cancelled", second = ok2, cancelled = err.cancelled(e)}
            end)
            h:wait()
            t:cancel()
            return t:wait()
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["first": "done", "second": false, "cancelled": true])
    }

    @Test func tasksSpawnedByCleanupEndWithItsGrace() async throws {
        let (report, elapsed) = try await timedRunLua("""
            local t = spawn(function()
              pcall(sleep, 60)
              local ok, err = pcall(parallel, function() sleep(60) end, function() return "quick" end)
              return {ok = ok, err = tostring(err)}
            end)
            sleep(0.05)
            t:cancel()
            return t:wait()
            """, grace: 0.3)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["ok": false, "err": "task cancelled"])
        #expect(elapsed < 10, "the cleanup's child task ran for \(elapsed) s")
    }

    @Test func theRunEndsWhenItsGraceEndsWhateverCleanupWaitsFor() async throws {
        let (report, elapsed) = try await timedRunLua("""
            local cleanup <close> = setmetatable({}, {__close = function() sleep(60) end})
            sleep(60)
            """, timeout: 0.2, grace: 0.5)
        #expect(report.status == .timeout)
        #expect(report.failure?.message == "the main script was cancelled because the run timed out", "\(report.problems)")
        #expect(elapsed < 10, "the run ended \(elapsed) s after it started")
    }

    @Test func aFailedMainScriptEndsTheRunWhenTheGraceEnds() async throws {
        let (report, elapsed) = try await timedRunLua("""
            spawn(function() while true do pcall(sleep, 0.05) end end) -- ignores every cancellation
            sleep(0.1)
            error("main failed")
            """, grace: 0.5)
        #expect(report.status == .scriptError)
        #expect(report.failure?.message.hasSuffix("main failed") == true, "\(report.problems)")
        // Stopped by the grace rule, not by the 5 s rule for code that never yields.
        #expect(report.unobservedFailures.map(\.message) == ["script:1: run stopped: the grace period after cancellation ended"])
        #expect(elapsed < 20)
    }

    @Test func aScriptDeletesWhatItWasBuildingWhenTheRunTimesOut() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let networksBefore = emulator.stats()["resources"]?["network"]
        let directory = try TemporaryDirectory("grace")
        defer { directory.remove() }
        try directory.write("script.lua", """
            local builder = spawn(function()
              local network = neutron.networks.create{name = "half-built"}
              local cleanup <close> = setmetatable({}, {__close = function()
                neutron.networks.delete(network)
                log.info("cleanup deleted " .. network.name)
              end})
              sleep(100)
            end)
            builder:wait()
            """)
        let environment = ["OS_AUTH_URL": emulator.authURL, "OS_USERNAME": "admin", "OS_PASSWORD": TestEnvironment.adminPassword,
                           "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default",
                           "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne", "OS_CLOUD": ""]
        // 2 s rather than 1: the network must exist before the timeout, on a loaded machine too.
        let process = try ChildProcess([Fixtures.stackrunBinary, "run", "--timeout", "2", directory.file("script.lua")],
                                       environment: environment, outputIn: directory.path)
        let status = await process.wait(seconds: 60)
        #expect(status == 124, "\(process.stderr)")
        #expect(process.stderr.contains("cleanup deleted half-built"), "\(process.stderr)")
        #expect(emulator.stats()["resources"]?["network"] == networksBefore, "the half-built network is still there")
    }
}
