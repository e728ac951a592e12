import JSONValue
import Runtime
import Testing
import Transport

/// Errors in tasks: reported when nobody waited for them, raised in whoever waits, and the
/// error tables a failed request raises.
@Suite(.exclusive) struct TaskErrorTests {
    @Test func aFailureNobodyWaitedForIsReported() async throws {
        let report = try await runLua("""
            spawn(function() error("lost in a task") end)
            sleep(0.05)
            return "main finished"
            """)
        #expect(report.status == .scriptError)
        #expect(report.value == "main finished")
        #expect(report.failure == nil)
        #expect(report.unobservedFailures.count == 1)
        #expect(report.unobservedFailures.first?.message.hasSuffix("lost in a task") == true)
        #expect(report.unobservedFailures.first?.traceback?.isEmpty == false)
    }

    @Test func aLateFailureOfATaskWhoseParentReturnedIsReported() async throws {
        let report = try await runLua("""
            local parent = spawn(function()
              spawn(function() sleep(0.1) error("failed after its parent returned") end)
              return "parent done"
            end)
            return parent:wait()
            """)
        #expect(report.status == .scriptError)
        #expect(report.value == "parent done")
        #expect(report.unobservedFailures.map(\.message).contains { $0.hasSuffix("failed after its parent returned") })
    }

    @Test func aFailingTaskCancelsItsChildren() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            spawn(function()
              spawn(function()
                local ok, err = pcall(sleep, 5)
                log.warn("child: " .. tostring(err))
              end)
              sleep(0.05)
              error("parent down")
            end)
            """, log: log)
        #expect(report.status == .scriptError)
        #expect(report.unobservedFailures.map(\.message).allSatisfy { $0.hasSuffix("parent down") })
        #expect(log.messages == ["warning: child: task cancelled because its parent task failed"])
    }

    @Test func theCloseHandlersOfAFailingTaskMayWaitOnIO() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local t = spawn(function()
              local cleanup <close> = setmetatable({}, {__close = function(_, err)
                sleep(0.01)
                log.info("closed after: " .. tostring(err))
              end})
              error("task failed", 0)
            end)
            local ok, err = pcall(t.wait, t)
            return {ok, err}
            """, log: log)
        #expect(report.value == [false, "task failed"])
        #expect(log.messages == ["info: closed after: task failed"])
    }

    @Test func waitRaisesTheTasksErrorValue() async throws {
        let report = try await runLua("""
            local t = spawn(function() sleep(0.01) error({code = 7}) end)
            local ok, err = pcall(t.wait, t)
            local again_ok, again = pcall(t.wait, t)
            return {ok, err.code, again.code, t:status()}
            """)
        #expect(report.status == .success, "a failure someone waited for is handled")
        #expect(report.value == [false, 7, 7, "failed"])
        #expect(report.unobservedFailures.isEmpty)
    }

    @Test func aFailedRequestRaisesAnErrorTable() async throws {
        let port = try closedPort()
        let report = try await runLua("""
            local ok, err = pcall(function()
              return http.request{method = "post", url = "http://user:pw@127.0.0.1:\(port)/v2.1/servers", body = "x"}
            end)
            return {ok = ok, kind = err.kind, method = err.method, url = err.url, sent = err.sent,
                    where_ = err["where"], text = tostring(err)}
            """)
        #expect(report.status == .success, "\(report.problems)")
        let value = report.value
        #expect(value["ok"] == false)
        #expect(value["kind"] == "connect")
        #expect(value["method"] == "POST")
        #expect(value["url"] == JSON("http://***@127.0.0.1:\(port)/v2.1/servers"))
        #expect(value["sent"] == false)
        #expect(value["where_"] == "script:2")
        let text = value["text"]?.stringValue ?? ""
        #expect(text.hasPrefix("script:2: POST http://***@127.0.0.1:\(port)/v2.1/servers: cannot connect: "), "\(text)")
        #expect(!text.contains("pw"))
    }

    @Test("a binding that pcall calls directly still names the script line of that pcall")
    func directlyProtectedCallNamesTheLine() async throws {
        let port = try closedPort()
        let report = try await runLua("""
            local request = {url = "http://127.0.0.1:\(port)/"}
            local ok, err = pcall(http.request, request)
            return {ok = ok, where_ = err["where"]}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value["ok"] == false)
        #expect(report.value["where_"] == "script:2")
    }

    @Test(arguments: [
        ("http.request{}", "bad argument #1 to 'http.request' ('url' is required)"),
        ("http.request{url = 'http://x/', verb = 'GET'}", "unknown option 'verb'"),
        ("http.request{url = 'http://x/', body = 'a', json = {}}", "give only one of body, json"),
        ("http.request{url = 'http://x/', headers = {['X-A'] = {}}}", "header 'X-A' must be a string"),
        ("http.request{url = 'http://x/', timeout = -1}", "'timeout' must be a positive number of seconds"),
        ("http.request('http://x/')", "bad argument #1 to 'http.request' (table expected, got string)"),
        ("sleep(-1)", "bad argument #1 to 'sleep' (seconds must be a finite number >= 0)"),
        ("spawn(42)", "bad argument #1 to 'spawn' (function expected, got number)"),
        ("parallel(function() end, 3)", "function expected, got number"),
        ("parallel.map({1}, function() end, {limit = 0})", "limit must be a positive integer"),
    ])
    func misuseRaisesAClearError(code: String, message: String) async throws {
        let report = try await runLua("local ok, err = pcall(function() \(code) end)\nreturn tostring(err)")
        let text = report.value.stringValue ?? ""
        #expect(text.contains(message), "\(code) raised: \(text)")
    }

    @Test func aMainScriptErrorHasItsTraceback() async throws {
        let report = try await runLua("""
            local function inner() error("deep problem") end
            local function outer() inner() end
            outer()
            """)
        #expect(report.status == .scriptError)
        #expect(report.failure?.message == "script:1: deep problem")
        #expect(report.failure?.traceback?.contains("in local 'outer'") == true, "\(report.failure?.traceback ?? "")")
    }
}
