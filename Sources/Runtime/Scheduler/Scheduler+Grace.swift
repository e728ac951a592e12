import LuaBridge
import Transport

/// The grace period: after a task is cancelled (with the run, by task:cancel(), because a sibling
/// failed...) the cancellation error is raised once where it waits; after that its handlers and
/// `<close>` variables may still do I/O, each operation cut short when the period ends. Then
/// what it waits for is cancelled again and later I/O raises at once. Lua code still running at
/// the end of the run's grace period is stopped by the watchdog (watchdog.c), so a cancelled run
/// ends at most that long after its cancellation.
extension Scheduler {
    public nonisolated static let defaultGraceSeconds = 30.0

    /// Gives a task until `deadline` to clean up (an earlier deadline it has stays).
    func startGrace(of task: LuaTask, until deadline: UInt64, reason: CancelReason) {
        if let grace = task.grace {
            if grace.deadline <= deadline { return }
            if let timer = grace.timer { EventLoop.shared.cancelTimer(timer) }
        }
        let timer = EventLoop.shared.schedule(at: deadline) { [weak self, weak task] in
            guard let self, let task else { return }
            endGrace(of: task)
        }
        task.grace = Grace(deadline: deadline, reason: reason, timer: timer)
    }

    /// Tasks a task spawns while it cleans up (a parallel delete) clean up with it, in its time.
    func inheritGrace(_ child: LuaTask, from parent: LuaTask?) {
        guard let grace = parent?.grace else { return }
        startGrace(of: child, until: grace.deadline, reason: grace.reason)
    }

    private func endGrace(of task: LuaTask) {
        task.grace?.timer = nil
        guard !task.isFinished, let grace = task.grace else { return }
        // A task spawned during cleanup was never cancelled itself: it is now.
        if task.cancellation == nil { return cancel(task, grace.reason) }
        if queue.state(of: task.id) == .waiting { deliverCancellation(to: task) }
    }

    /// Raises instead of starting I/O when the task must not: its cancellation the first time
    /// (it was cancelled while running, so it has not seen it), and anything after its grace.
    func refuseIOIfCancelled(_ task: LuaTask, _ call: LuaCall) throws(LuaCallError) {
        var refusal: CancelReason?
        if let reason = task.cancellation, !task.cancellationDelivered {
            task.cancellationDelivered = true
            refusal = reason
        } else if let grace = task.grace, monotonicNanoseconds() >= grace.deadline {
            refusal = task.cancellation ?? grace.reason
        }
        guard let refusal else { return }
        pushCancellationError(refusal, on: call.stack)
        throw .valueOnTop
    }
}
