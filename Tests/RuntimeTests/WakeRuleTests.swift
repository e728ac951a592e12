import JSONValue
import LuaBridge
import Logging
import Runtime
import Testing
import Transport

/// The scheduler's one wake rule: a completion (a transfer that finished, a timer that fired, a
/// task that ended, a cancellation) only queues its task; Lua runs later, in the loop's drain.
/// Running Lua inside libcurl's completion loop would let a script start transfers while curl
/// is still handing out finished ones, and let a completion run ahead of tasks already ready.
@Suite(.exclusive) struct WakeRuleTests {
    /// A script with `inside_completion()`, which says whether the event loop is delivering
    /// timer or transfer completions at the moment Lua calls it.
    @LoopActor
    private func runProbed(_ source: String) async throws -> RunReport {
        let runtime = try Runtime(logger: Logger(label: "stackrun.script") { _ in LogCapture() }, permissions: .allowAll)
        runtime.lua.setGlobalFunction("inside_completion") { call throws(LuaCallError) in
            let inside = LoopActor.assumeIsolated { EventLoop.shared.isDeliveringCompletions }
            call.stack.push(inside)
            return .results(1)
        }
        return await runtime.run(source: source, name: "=script", timeout: 30, grace: 1)
    }

    @Test func aCompletedRequestResumesItsTaskOutsideTheCompletionLoop() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runProbed("""
            local seen = {}
            local first = http.request{url = \(lua(server.url("/text")))}
            seen[#seen + 1] = inside_completion()
            -- A transfer started by a task that a completion resumed: it completes as any other.
            local second = http.request{url = \(lua(server.url("/text")))}
            seen[#seen + 1] = inside_completion()
            return {seen = seen, statuses = {first.status, second.status}}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value["seen"] == [false, false], "Lua ran inside the transfer-completion loop")
        #expect(report.value["statuses"] == [200, 200])
    }

    @Test func aFiredTimerAndAFinishedTaskResumeOutsideTheCompletionLoop() async throws {
        let report = try await runProbed("""
            sleep(0.01)
            local afterSleep = inside_completion()
            local child = spawn(function() sleep(0.01) return inside_completion() end)
            local inChild = child:wait()
            return {afterSleep, inChild, inside_completion()}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == [false, false, false], "Lua ran inside the timer queue's firing")
    }

    /// Sleepers whose timers fire in one pass of the loop resume in the order they went to
    /// sleep, and a task that was already ready (it yields in a loop) keeps its turns among them.
    @Test func completionsQueueBehindReadyTasksInOrder() async throws {
        let report = try await runLua("""
            local order = {}
            local sleepers = {}
            for i = 1, 3 do
              sleepers[i] = spawn(function() sleep(0.05) order[#order + 1] = "s" .. i end)
            end
            local spins = 0
            local spinner = spawn(function()
              while #order < 3 do spins = spins + 1 coroutine.yield() end
            end)
            for i = 1, 3 do sleepers[i]:wait() end
            spinner:wait()
            return {order = order, spun = spins > 0}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value["order"] == ["s1", "s2", "s3"])
        #expect(report.value["spun"] == true, "the ready task was starved")
    }
}
