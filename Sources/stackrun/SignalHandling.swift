import Glibc
import Runtime
import Transport

/// SIGINT and SIGTERM cancel every task (their pending requests are aborted and their error
/// handlers run); a second signal exits at once.
enum SignalHandling {
    @LoopActor
    static func install(for runtime: Runtime) {
        var received = false
        for (signal, reason, status) in [(SIGINT, CancelReason.interrupted, ExitStatus.interrupted),
                                         (SIGTERM, CancelReason.terminated, ExitStatus.terminated)] {
            EventLoop.shared.onSignal(signal) { [weak runtime] _ in
                if received { _exit(status.rawValue) }
                received = true
                runtime?.interrupt(reason)
            }
        }
    }
}
