import LuaBridge
import Logging
internal import CStackrun

extension Runtime {
    /// `defer(fn, ...)`: calls `fn(...)` when the task that called it ends, whether its body
    /// returned, raised or was cancelled, last registered first. The calls are made by the task
    /// runner (task_runner.c, deferred_calls.c) in the task's own coroutine, so they may yield
    /// (make API calls, sleep) like `<close>` handlers, with the same grace after a cancellation.
    func installDeferLibrary() {
        lua.setGlobalFunction("defer", isolated { [unowned self] call throws(LuaCallError) in
            try call.function(1)
            // The task, not the Lua function nor the script's own coroutine that called defer.
            guard let task = scheduler.current else { throw .message("'defer' can only be called from a running task") }
            sr_task_defer(call.stack.L, task.thread.L, call.argumentCount, call.stack.position() ?? "?")
            return .results(0)
        })
        installDeferredErrorLogger()
    }

    /// A task keeps the first error it ended with: that of its body, else of the first deferred
    /// call that failed. The errors of the deferred calls that fail after it would be lost, so
    /// they are logged, at the `defer` that registered them. Called by the runner with
    /// (error, where); never raises.
    private func installDeferredErrorLogger() {
        lua.pushFunction("deferred error logger", isolated { [unowned self] call throws(LuaCallError) in
            let stack = call.stack
            var metadata: Logger.Metadata = [:]
            if let position = stack.string(at: 2) { metadata["at"] = .string(position) }
            stack.pushValue(at: 1)
            let table = scheduler.describeErrorTable(on: stack)
            stack.pop()
            if let value = table.value { metadata["error"] = LogValueText.metadata(value) }
            let text = table.text ?? stack.describe(at: 1)
            scriptLogger.error("deferred call failed after its task had failed: \(text)", metadata: metadata)
            return .results(0)
        })
        sr_set_deferred_error_logger(lua.stack.L)
    }
}
