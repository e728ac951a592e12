import JSONValue
import Runtime
import Testing
import Transport

/// Cancellation from Lua: the first failure of a parallel cancels its siblings, task:cancel,
/// a failing main script, a run timeout. Each cancelled transfer must be aborted (the server
/// sees its connection close), and each cancelled task must run its handlers on the way out.
@Suite(.exclusive) struct TaskCancellationTests {
    /// A function source that waits on /hang inside pcall and a to-be-closed variable, logging
    /// both cleanups into the global `trail`, then lets the cancellation propagate.
    static func hanger(_ name: String, _ url: String) -> String {
        """
        function()
          local guard <close> = setmetatable({}, {__close = function() trail[#trail + 1] = "\(name) closed" end})
          local ok, err = pcall(http.request, {url = \(lua(url))})
          trail[#trail + 1] = "\(name) caught: " .. tostring(err)
          error(err, 0)
        end
        """
    }

    @Test func theFirstFailureCancelsTheSiblingsAndAbortsTheirTransfers() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let hang = server.url("/hang")
        let report = try await runLua("""
            trail = {}
            local ok, err = pcall(parallel, \(Self.hanger("a", hang)), \(Self.hanger("b", hang)),
              function() sleep(0.3) error("boom") end)
            table.sort(trail)
            return {ok = ok, err = tostring(err), trail = trail}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value["ok"] == false)
        #expect(report.value["err"]?.stringValue?.hasSuffix("boom") == true, "\(report.value)")
        let cancelled = "task cancelled because a sibling task failed"
        #expect(report.value["trail"] == ["a caught: \(cancelled)", "a closed", "b caught: \(cancelled)", "b closed"]
            .sorted().map { JSON($0) }.asJSONArray)
        #expect(report.unobservedFailures.isEmpty, "a cancelled sibling is not a failure to report")
        #expect(try await server.waitFor("hanging", toBe: 0), "the server still has the aborted requests open")
        #expect(try server.stats()["hang_closed"] == 2)
        #expect(await transfersDrain(), "transfers are still in the multi handle")
    }

    @Test func cancelRaisesInTheTaskWhereItWaits() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local seen
            local t = spawn(function()
              local ok, err = pcall(http.request, {url = \(lua(server.url("/hang")))})
              seen = {ok = ok, cancelled = err.cancelled, text = tostring(err)}
              -- The error is raised once: the handler may go on with I/O to clean up.
              seen.again = pcall(sleep, 0.01)
              error(err)
            end)
            sleep(0.2)
            local before = t:status()
            t:cancel()
            local ok, err = pcall(t.wait, t)
            return {before = before, after = t:status(), ok = ok, err = tostring(err), seen = seen}
            """)
        #expect(report.status == .success, "\(report.problems)")
        let expected: JSON = [
            "before": "running", "after": "cancelled", "ok": false, "err": "task cancelled",
            "seen": ["ok": false, "cancelled": true, "text": "task cancelled", "again": true],
        ]
        #expect(report.value == expected)
        #expect(try await server.waitFor("hanging", toBe: 0))
    }

    @Test func aTaskMayCatchItsCancellationAndStillReturn() async throws {
        let report = try await runLua("""
            local t = spawn(function()
              pcall(sleep, 10)
              return "cleaned up"
            end)
            sleep(0.05)
            t:cancel()
            return {t:wait(), t:status()}
            """)
        #expect(report.value == ["cleaned up", "done"])
    }

    @Test func aTaskCancelledBeforeItRunsNeverRuns() async throws {
        let report = try await runLua("""
            ran = false
            local t = spawn(function() ran = true end)
            t:cancel()
            local ok, err = pcall(t.wait, t)
            return {ran, t:status(), ok, tostring(err)}
            """)
        #expect(report.value == [false, "cancelled", false, "task cancelled"])
    }

    @Test func cancellingAParentCancelsItsChildren() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            trail = {}
            local child
            local parent = spawn(function()
              child = spawn(\(Self.hanger("child", server.url("/hang"))))
              child:wait()
            end)
            sleep(0.2)
            parent:cancel()
            pcall(parent.wait, parent)
            sleep(0.05)
            return {child:status(), trail}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["cancelled", ["child caught: task cancelled because its parent was cancelled", "child closed"]])
        #expect(try await server.waitFor("hanging", toBe: 0))
    }

    @Test func aFailingMainScriptCancelsTheTasksItLeftRunning() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let log = LogCapture()
        let report = try await runLua("""
            spawn(function()
              local ok, err = pcall(http.request, {url = \(lua(server.url("/hang")))})
              log.warn("left-over task: " .. tostring(err))
            end)
            sleep(0.2)
            error("main failed")
            """, log: log)
        #expect(report.status == .scriptError)
        #expect(report.failure?.message.hasSuffix("main failed") == true)
        #expect(log.messages.contains("warning: left-over task: task cancelled because the main script failed"), "\(log.messages)")
        #expect(try await server.waitFor("hanging", toBe: 0))
    }

    @Test func tasksNobodyWaitedForStillFinishBeforeTheRunEnds() async throws {
        let log = LogCapture()
        let (report, elapsed) = try await timedRunLua("""
            spawn(function() sleep(0.3) log.info("late task done") end)
            return "main done"
            """, log: log)
        #expect(report.status == .success)
        #expect(report.value == "main done")
        #expect(log.messages == ["info: late task done"])
        #expect(elapsed >= 0.29)
    }

    @Test func aRunTimeoutCancelsEveryTaskAndRunsItsHandlers() async throws {
        let log = LogCapture()
        let (report, elapsed) = try await timedRunLua("""
            local worker = spawn(function()
              local ok, err = pcall(sleep, 60)
              log.warn("worker: " .. tostring(err))
            end)
            local ok, err = pcall(sleep, 60)
            log.warn("main: " .. tostring(err))
            error(err)
            """, timeout: 0.3, log: log)
        #expect(report.status == .timeout)
        #expect(elapsed < 3, "a timeout of 0.3 s ended the run after \(elapsed) s")
        #expect(log.messages.sorted() == [
            "warning: main: task cancelled because the run timed out",
            "warning: worker: task cancelled because the run timed out",
        ])
    }
}

extension Array where Element == JSON {
    var asJSONArray: JSON { .array(self) }
}

/// Whether the loop's transfer count falls to zero within a few seconds. The count is the
/// whole process's (tests run in parallel), so this waits for a moment with none in flight
/// rather than reading it once.
func transfersDrain(seconds: Double = 10) async -> Bool {
    let deadline = Clock.now + seconds
    while Clock.now < deadline {
        if await EventLoop.shared.transfersInFlight == 0 { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return false
}
