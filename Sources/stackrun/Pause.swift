import Glibc

/// Sleeps the calling thread, for the waits before the event loop runs (--jitter, --wait-lock):
/// a signal's handler that returns does not cut the pause short, while SIGINT and SIGTERM,
/// not yet handled then, end the process as they end any other.
enum Pause {
    static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        let whole = seconds.rounded(.down)
        var pause = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))
        var left = timespec()
        while nanosleep(&pause, &left) != 0, errno == EINTR { pause = left }
    }
}
