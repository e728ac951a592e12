import JSONValue
import Runtime
import Testing

/// `defer(fn, ...)` (issue 9): fn(...) runs when the enclosing task ends, however it ends, last
/// registered first, in the task's own coroutine.
@Suite struct DeferTests {
    @Test func deferredCallsRunLastFirstWithTheArgumentsOfTheirDefer() async throws {
        let report = try await runLua("""
            local trail = {}
            local function note(...) trail[#trail + 1] = select("#", ...) .. ":" .. table.concat({...}, " ") end
            local t = spawn(function()
              local x = "first"
              defer(note, "a", x)
              x = "second"
              defer(note, "b", x, "more")
              defer(function() note("c", x) end) -- a closure sees the variable, not its value then
              defer(function(...) trail[#trail + 1] = select("#", ...) end, nil, 2, nil)
              x = "third"
              trail[#trail + 1] = "body done"
            end)
            t:wait()
            return trail
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["body done", 3, "2:c third", "3:b second more", "2:a first"])
    }

    @Test func theEnclosingTaskIsTheTaskNotTheFunctionNorACoroutineOfItsOwn() async throws {
        let report = try await runLua("""
            local trail = {}
            local function step(name) trail[#trail + 1] = name end
            local t = spawn(function()
              local function helper() defer(step, "helper's defer") end
              helper()
              step("helper returned")
              local generator = coroutine.wrap(function() defer(step, "coroutine's defer") coroutine.yield(1) end)
              generator()
              step("coroutine suspended")
            end)
            t:wait()
            return trail
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["helper returned", "coroutine suspended", "coroutine's defer", "helper's defer"])
    }

    @Test func aSucceedingTaskKeepsItsResultsAndWaitersSeeThemAfterItsDeferredCallsYielded() async throws {
        let report = try await runLua("""
            local trail = {}
            local t = spawn(function()
              defer(function() sleep(0.02) trail[#trail + 1] = "slept" end)
              defer(function() trail[#trail + 1] = "status: " .. http_status() end)
              return 1, nil, "three"
            end)
            function http_status() sleep(0) return "yielded" end
            local a, b, c = t:wait()
            trail[#trail + 1] = "waited"
            return {a = a, b = b == nil, c = c, n = select("#", t:wait()), trail = trail, status = t:status()}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["a": 1, "b": true, "c": "three", "n": 3, "status": "done",
                                 "trail": ["status: yielded", "slept", "waited"]])
    }

    @Test func aFailingTaskRunsItsDeferredCallsAndKeepsItsErrorAndTraceback() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local t = spawn(function()
              defer(function() sleep(0) log.info("cleaned up") end)
              defer(function() sleep(0) error("cleanup failed too") end)
              local function fail() error("boom") end
              fail()
            end)
            """, log: log)
        #expect(report.status == .scriptError)
        let failure = try #require(report.unobservedFailures.first)
        #expect(failure.message == "script:4: boom")
        #expect(failure.traceback?.contains("script:4: in local 'fail'") == true, "\(failure.description)")
        #expect(failure.traceback?.contains("script:5: in function <script:1>") == true, "\(failure.description)")
        #expect(failure.traceback?.contains("script:3") == false, "the traceback is the deferred call's: \(failure.description)")
        #expect(log.messages == ["error: deferred call failed after its task had failed: script:3: cleanup failed too", "info: cleaned up"])
    }

    @Test func aDeferredErrorFailsATaskThatSucceededAndTheOthersStillRun() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local trail = {}
            local t = spawn(function()
              defer(function() trail[#trail + 1] = "first registered, last run" end)
              defer(function() sleep(0) error("second cleanup failed") end)
              defer(function() sleep(0) error({code = 7}) end)
              return "fine"
            end)
            local ok, e = pcall(t.wait, t)
            return {ok = ok, code = e.code, status = t:status(), trail = trail}
            """, log: log)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["ok": false, "code": 7, "status": "failed", "trail": ["first registered, last run"]])
        #expect(log.messages == ["error: deferred call failed after its task had failed: script:4: second cleanup failed"])
        #expect(log.positions == ["script:4"])
    }

    @Test func theTracebackOfATaskFailedByADeferredCallIsTheDeferredCalls() async throws {
        let report = try await runLua("""
            spawn(function()
              defer(function()
                error("cleanup failed")
              end)
            end)
            """)
        let failure = try #require(report.unobservedFailures.first)
        #expect(failure.message == "script:3: cleanup failed")
        #expect(failure.traceback?.contains("script:3: in function <script:2>") == true, "\(failure.description)")
    }

    @Test func aDeferredErrorAfterTheTaskFailedIsLoggedAtItsDefer() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local t = spawn(function()
              defer(function() log.info("still runs") end)
              defer(error, {kind = "conflict", message = "in use"})
              error("the cause", 0)
            end)
            local ok, e = pcall(t.wait, t)
            return e
            """, log: log)
        #expect(report.value == "the cause", "\(report.problems)")
        #expect(log.messages == [#"error: deferred call failed after its task had failed: {"kind":"conflict","message":"in use"}"#,
                                 "info: still runs"])
        #expect(log.positions == ["script:3", "script:2"])
    }

    @Test func aDeferredCallMayDeferMoreWhichRunsNext() async throws {
        let report = try await runLua("""
            local trail = {}
            local function note(name) trail[#trail + 1] = name end
            spawn(function()
              defer(note, "registered first")
              defer(function() note("outer") defer(note, "deferred by outer") end)
            end):wait()
            return trail
            """)
        #expect(report.value == ["outer", "deferred by outer", "registered first"], "\(report.problems)")
    }

    @Test func nestedTasksRunTheirOwnDeferredCallsWhenEachEnds() async throws {
        let report = try await runLua("""
            local trail = {}
            local function note(name) trail[#trail + 1] = name end
            local parent = spawn(function()
              defer(note, "parent")
              local child = spawn(function() defer(note, "child") sleep(0.01) note("child body") end)
              local r = parallel(function() defer(note, "p1") return 1 end,
                                 function() defer(note, "p2") sleep(0.02) return 2 end)
              note("parallel returned")
              child:wait()
              note("parent body")
            end)
            parent:wait()
            return trail
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["p1", "child body", "child", "p2", "parallel returned", "parent body", "parent"])
    }

    @Test func theMainScriptRunsItsDeferredCallsAfterItsBodyAndKeepsItsResults() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            defer(function() sleep(0) log.info("main's deferred call") end)
            log.info("main's body")
            return {answer = 42}
            """, log: log)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["answer": 42])
        #expect(log.messages == ["info: main's body", "info: main's deferred call"])
    }

    @Test func theMainScriptFailsWithTheErrorOfItsDeferredCall() async throws {
        let report = try await runLua("""
            defer(error, "cleanup failed", 0)
            return 1
            """)
        #expect(report.status == .scriptError)
        #expect(report.failure?.message == "cleanup failed")
    }

    @Test func deferTakesAFunctionAndRaisesInvalidArgumentOtherwise() async throws {
        let report = try await runLua("""
            local ok, e = pcall(defer, 42)
            local ok2, e2 = pcall(defer)
            return {ok = ok, kind = e.kind, message = e.message, nothing = e2.message}
            """)
        #expect(report.value == ["ok": false, "kind": "invalid_argument",
                                 "message": "bad argument #1 to 'defer' (function expected, got number)",
                                 "nothing": "bad argument #1 to 'defer' (function expected, got no value)"], "\(report.problems)")
    }
}
