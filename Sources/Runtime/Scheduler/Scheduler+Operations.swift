import LuaBridge
import Transport
internal import CStackrun

extension Scheduler {
    /// Completes an operation of a suspended task.
    typealias Complete = @LoopActor (Resumption) -> Void

    /// Suspends the calling task on an operation. `start` begins the operation, given the
    /// function that completes it (never to be called synchronously from `start`... if it is,
    /// the task simply resumes at once), and returns how to abandon it on cancellation.
    ///
    /// Fails without starting anything when the caller cannot yield (inside a metamethod called
    /// from C, a `__gc`, a sort comparator), when its task was cancelled and has not raised it
    /// yet, or when its grace period is over (Scheduler+Grace.swift).
    func suspend(_ call: LuaCall, start: (@escaping Complete) -> (@LoopActor () -> Void)) throws(LuaCallError) -> LuaReturn {
        guard let task = current else {
            throw .message("'\(call.name)' can only be called from a running task")
        }
        guard call.canYield else {
            throw .message("'\(call.name)' cannot be called here: this code runs where Lua cannot yield "
                + "(a metamethod called from C such as __tostring or __gc, a table.sort comparator, "
                + "or a string.gsub callback); call it from ordinary code instead")
        }
        try refuseIOIfCancelled(task, call)
        let operation = newOperationID()
        // Pending before `start`, so that a completion from inside `start` is not taken as stale.
        task.pending = PendingOperation(id: operation, cancel: {})
        let cancel = start { [weak self, weak task] resumption in
            guard let self, let task, task.pending?.id == operation else { return }
            task.pending = nil
            task.resumption = resumption
            // Completions only queue the task, as cancellations do: it runs in the loop's next
            // drain, never inside libcurl's completion loop or the timer queue's firing, so Lua
            // that starts new transfers or timers never re-enters them, and a completion cannot
            // jump ahead of tasks that were already ready.
            if queue.wake(task.id) { scheduleDrain() }
        }
        if task.pending?.id == operation { task.pending = PendingOperation(id: operation, cancel: cancel) }
        call.stack.pushLightUserdata(sr_host_sentinel())
        return .hostYield(1)
    }

    /// Pushes the results of a finished task (its return values, or raises its error): the
    /// Resumption for whoever waits on it.
    func resumption(for task: LuaTask) -> Resumption {
        switch task.outcome {
        case .returned(let ref, let count):
            return .success { stack in
                stack.reserve(count + 1)
                stack.push(ref: ref)
                // After pushing k values the packed table sits at -(k + 1).
                for index in stride(from: Int32(1), through: count, by: 1) {
                    stack.rawIndex(Int64(index), ofTableAt: -index)
                }
                stack.remove(at: -1 - count)
                return count
            }
        case .failed(let failure):
            return .failure { stack in stack.push(ref: failure.errorRef) }
        case .cancelled(let reason):
            return .failure { [weak self] stack in self?.pushCancellationError(reason, on: stack) }
        case nil:
            preconditionFailure("task \(task.id) has not finished")
        }
    }

    /// `task:wait()`: the task's results now if it finished, else suspends until it does.
    func wait(for target: LuaTask, _ call: LuaCall) throws(LuaCallError) -> LuaReturn {
        target.observed = true
        if target.isFinished {
            switch resumption(for: target) {
            case .success(let push): return .results(push(call.stack))
            case .failure(let push): push(call.stack); throw .valueOnTop
            case .start, .plain: return .results(0)
            }
        }
        if target === current { throw .message("a task cannot wait for itself") }
        return try suspend(call) { complete in
            let registration = newOperationID()
            target.finishHandlers[registration] = { [weak self] finished in
                guard let self else { return }
                complete(resumption(for: finished))
            }
            return { [weak target] in target?.finishHandlers[registration] = nil }
        }
    }

    /// `sleep(seconds)` on the loop's timers.
    func sleep(_ seconds: Double, _ call: LuaCall) throws(LuaCallError) -> LuaReturn {
        try suspend(call) { complete in
            let timer = EventLoop.shared.schedule(after: seconds) { complete(.success { _ in 0 }) }
            return { EventLoop.shared.cancelTimer(timer) }
        }
    }
}
