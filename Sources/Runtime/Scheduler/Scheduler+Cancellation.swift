import LuaBridge
import Transport

extension Scheduler {
    /// Cancels a task: its pending operation is abandoned (a transfer aborted, a timer dropped)
    /// and it resumes with a cancellation error raised where it waited, so that its pcall
    /// handlers and to-be-closed variables run. They may do I/O during the grace period that
    /// starts at `instant` (see Scheduler+Grace.swift). A task that has not started yet ends
    /// without running. Its children are cancelled too.
    func cancel(_ task: LuaTask, _ reason: CancelReason, at instant: UInt64 = monotonicNanoseconds()) {
        guard !task.isFinished, task.cancellation == nil else { return }
        task.cancellation = reason
        task.cancelledAt = instant
        startGrace(of: task, until: instant &+ graceNanoseconds, reason: reason)
        for child in task.children where !child.isFinished { cancel(child, .parentCancelled, at: instant) }
        switch queue.state(of: task.id) {
        case .waiting:
            deliverCancellation(to: task)
        case .ready:
            // Never started: nothing to unwind. Otherwise what it is about to be resumed with
            // stays (a create that completed: the cleanup needs its id); its next I/O raises.
            if case .start = task.resumption { finish(task, .cancelled(reason)) }
        case .running, nil:
            break // it cancelled itself: its next suspension raises
        }
    }

    /// Abandons what a waiting task waits for and makes it raise its cancellation error.
    func deliverCancellation(to task: LuaTask) {
        guard let reason = task.cancellation ?? task.grace?.reason else { return }
        let pending = task.pending
        task.pending = nil
        pending?.cancel()
        raiseOnResume(task, reason)
        if queue.wake(task.id) { scheduleDrain() }
    }

    private func raiseOnResume(_ task: LuaTask, _ reason: CancelReason) {
        task.cancellationDelivered = true
        task.resumption = .failure { [weak self] stack in self?.pushCancellationError(reason, on: stack) }
    }

    /// Cancels every live task. Youngest first: a child is younger than its parent, so each
    /// task hears the given reason rather than "its parent was cancelled". A task that cleanup
    /// spawned (it has a grace period without being cancelled) is cleanup itself: it keeps
    /// running, within the earlier of its grace and the new one.
    func cancelAll(_ reason: CancelReason, at instant: UInt64 = monotonicNanoseconds()) {
        for task in tasks.values.sorted(by: { $0.id > $1.id }) {
            if task.cancellation == nil, task.grace != nil {
                startGrace(of: task, until: instant &+ graceNanoseconds, reason: reason)
            } else {
                cancel(task, reason, at: instant)
            }
        }
    }

    /// Pushes the error a cancelled task sees: `{cancelled = true, reason = "..."}` whose
    /// tostring reads "task cancelled: <reason>".  [-0, +1]
    func pushCancellationError(_ reason: CancelReason, on stack: LuaStack) {
        stack.reserve(3)
        stack.newTable(fields: 2)
        stack.push(true)
        stack.setRawField("cancelled", ofTableAt: -2)
        stack.push(reason.rawValue)
        stack.setRawField("reason", ofTableAt: -2)
        stack.push(ref: cancellationMetatable)
        stack.setMetatable(ofValueAt: -2)
    }

    /// Whether a task's error is a cancellation error (the task let it propagate).
    func isCancellation(_ failure: TaskFailure) -> Bool {
        let stack = lua.stack
        stack.push(ref: failure.errorRef)
        defer { stack.pop() }
        guard stack.type(at: -1) == .table, stack.pushMetatable(ofValueAt: -1) else { return false }
        stack.push(ref: cancellationMetatable)
        defer { stack.pop(2) }
        return stack.rawEqual(-1, -2)
    }

    static func makeCancellationMetatable(_ lua: LuaState) -> Int32 {
        let stack = lua.stack
        stack.newTable(fields: 2)
        stack.push("stackrun.cancelled")
        stack.setRawField("__name", ofTableAt: -2)
        lua.setFunction("__tostring", in: -1, name: "cancelled.__tostring") { call in
            let reason = call.stack.rawField("reason", ofTableAt: 1) == .string ? call.stack.string(at: -1) ?? "" : ""
            call.stack.push("task \(reason)")
            return .results(1)
        }
        return stack.ref()
    }
}
