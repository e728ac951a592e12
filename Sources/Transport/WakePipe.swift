internal import CStackrun
internal import Glibc

/// A pipe for waking the loop from another thread or a signal handler: both ends non-blocking
/// (a full pipe already holds a pending wake-up; the loop drains it without waiting) and
/// close-on-exec from the start, so that no child spawned meanwhile inherits an end.
func makeWakePipe(_ purpose: String) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    precondition(sr_pipe_cloexec(&ends) == 0, "cannot create \(purpose)")
    for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    return (ends[0], ends[1])
}
