import LuaBridge
import Transport
internal import CStackrun
internal import Glibc

/// Cancelling the whole run. The event loop hears of a timeout or a signal only between resumes,
/// but the watchdog (watchdog.c) knows at once, even while a long resume keeps the loop busy:
/// the timeout is armed ahead of time and the signal handler records the signal's arrival.
extension Scheduler {
    /// Cancels the whole run (a timeout or a signal), counting the grace period from when it
    /// was cancelled: for the watchdog, that may be earlier than now (the armed timeout, the
    /// signal's arrival) when a long resume kept the loop from hearing of it. The first reason
    /// is the one reported.
    func cancelRun(_ reason: CancelReason) {
        var signal: Int32 = 0
        let watchdogTime = sr_watchdog_cancelled(lua.stack.L, &signal)
        let instant = watchdogTime != 0 ? watchdogTime : monotonicNanoseconds()
        // Heard once: a timer or the signal pipe may report what the watchdog already caught up
        // with, and cancelling again must not touch the cleanup under way.
        guard runCancellation == nil else { return }
        runCancellation = reason
        sr_watchdog_cancel_run(lua.stack.L, instant)
        cancelAll(reason, at: instant)
    }

    /// The main script failed: the other tasks are cancelled, and the run ends at most the grace
    /// period later, as after a timeout (but the exit status stays the script's).
    func cancelRunAfterMainFailure() {
        let now = monotonicNanoseconds()
        sr_watchdog_cancel_run(lua.stack.L, now)
        cancelAll(.mainFailed, at: now)
    }

    /// After a resume: the timeout's timer and the signal pipe cannot fire while Lua runs, but
    /// the watchdog knows when the run was cancelled. Catching up at once makes the run's
    /// outcome the same whether or not the loop got to run in between.
    func catchUpWithWatchdog() {
        guard runCancellation == nil else { return }
        var signal: Int32 = 0
        guard sr_watchdog_cancelled(lua.stack.L, &signal) != 0 else { return }
        cancelRun(signal == SIGINT ? .interrupted : signal == SIGTERM ? .terminated : .timeout)
    }
}
