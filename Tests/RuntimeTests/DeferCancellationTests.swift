import Emulator
import JSONValue
import Runtime
import Testing

/// Deferred calls of a cancelled task run as its `<close>` handlers do: after the cancellation
/// error is raised where it waits, with API calls allowed until the grace period ends.
@Suite(.exclusive) struct DeferCancellationTests {
    @Test func aCancelledTasksDeferredCallsMayCallAnAPI() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local trail = {}
            local t = spawn(function()
              defer(function(url) trail[#trail + 1] = "request: " .. http.request{url = url}.status end, \(lua(server.url("/json"))))
              defer(function() sleep(0.01) trail[#trail + 1] = "slept" end)
              sleep(60)
            end)
            sleep(0.05)
            t:cancel()
            local ok, e = pcall(t.wait, t)
            return {cancelled = err.cancelled(e), status = t:status(), trail = trail}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["cancelled": true, "status": "cancelled", "trail": ["slept", "request: 200"]])
    }

    @Test func aTaskCancelledWhileItsDeferredCallsWaitEndsCancelledAndTheRestStillRun() async throws {
        let report = try await runLua("""
            local trail = {}
            local t = spawn(function()
              defer(function() trail[#trail + 1] = "the next one may still wait: " .. tostring(pcall(sleep, 0)) end)
              defer(sleep, 60)
              return "done"
            end)
            sleep(0.05)
            t:cancel()
            local ok, e = pcall(t.wait, t)
            return {status = t:status(), cancelled = err.cancelled(e), trail = trail}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["status": "cancelled", "cancelled": true, "trail": ["the next one may still wait: true"]])
    }

    @Test func deferredCallsRunWhenTheRunTimesOut() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let log = LogCapture()
        let report = try await runLua("""
            defer(function() log.info("main: " .. http.request{url = \(lua(server.url("/json")))}.status) end)
            spawn(function()
              defer(function() sleep(0.01) log.info("worker cleaned up") end)
              sleep(100)
            end)
            sleep(100)
            """, timeout: 0.3, log: log)
        #expect(report.status == .timeout)
        #expect(report.failure?.message == "the main script was cancelled because the run timed out")
        #expect(Set(log.messages) == ["info: main: 200", "info: worker cleaned up"])
    }

    @Test func aFailingSiblingCancelsTheOthersWhoseDeferredCallsRunBeforeParallelRaises() async throws {
        let report = try await runLua("""
            local trail = {}
            local ok, e = pcall(parallel,
              function() defer(function() sleep(0.01) trail[#trail + 1] = "sibling cleaned up" end) sleep(60) end,
              function() sleep(0.05) error("boom", 0) end)
            trail[#trail + 1] = "parallel raised " .. tostring(e)
            return trail
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["sibling cleaned up", "parallel raised boom"])
    }

    @Test func theRunEndsWhenItsGraceEndsWhateverTheDeferredCallsDo() async throws {
        let log = LogCapture()
        let (report, elapsed) = try await timedRunLua("""
            defer(function() log.info("ran after the grace") end)
            defer(sleep, 60)
            sleep(60)
            """, timeout: 0.2, grace: 0.5, log: log)
        #expect(report.status == .timeout)
        // The sleep is cancelled again when the grace ends; the next deferred call is then Lua
        // code still running, which the run's stop ends (as it would a `<close>` handler).
        #expect(log.messages == ["error: deferred call failed after its task had failed: task cancelled because the run timed out",
                                 "error: deferred call failed after its task had failed: script:1: run stopped: the grace period after cancellation ended"])
        #expect(elapsed < 10, "the run ended \(elapsed) s after it started")
    }

    @Test(arguments: ["timeout", "error"])
    func stackrunDeletesWhatADeferredCallWasGivenWhenTheScript(ends: String) async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let networksBefore = emulator.stats()["resources"]?["network"]
        let directory = try TemporaryDirectory("defer")
        defer { directory.remove() }
        try directory.write("script.lua", """
            local builder = spawn(function()
              local network = neutron.networks.create{name = "half-built"}
              defer(neutron.networks.delete, network.id)
              defer(log.info, "deleting " .. network.name)
              \(ends == "timeout" ? "sleep(100)" : "error(\"failed half-way\")")
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
        #expect(status == (ends == "timeout" ? 124 : 1), "\(process.stderr)")
        #expect(process.stderr.contains("deleting half-built"), "\(process.stderr)")
        #expect(emulator.stats()["resources"]?["network"] == networksBefore, "the half-built network is still there")
    }
}
