import Glibc
import Runtime
import Transport

/// SIGINT and SIGTERM cancel every task (their pending requests are aborted and their error
/// handlers run, with the grace period for cleanup). A second signal never gets here: the C
/// handler exits at once with 130 or 143, even while Lua code keeps the loop busy.
enum SignalHandling {
    @LoopActor
    static func install(for runtime: Runtime) {
        for (signal, reason) in [(SIGINT, CancelReason.interrupted), (SIGTERM, CancelReason.terminated)] {
            EventLoop.shared.onSignal(signal) { [weak runtime] _ in runtime?.interrupt(reason) }
        }
    }
}
