import Glibc
import Runtime

/// `--quiet-success`: the run's stderr was held back (and kept, bounded) while it ran. A run
/// that succeeded drops it; one that failed prints it all, or its head and tail with a line
/// saying how much was left out between them.
enum HeldOutput {
    static func finish(succeeded: Bool, diagnostics: Diagnostics) {
        let log = StderrCapture.stopHolding()
        guard !succeeded else { return }
        let (head, omitted, tail) = whole(log)
        writeAll(head, to: STDERR_FILENO)
        if omitted > 0 {
            diagnostics.notice("\(omitted) bytes of this run's log left out here (--quiet-success keeps its first "
                + "\(StderrCapture.headLimit / 1024) KiB and its last \(StderrCapture.tailLimit / 1024) KiB)", evenWhenQuiet: true)
        }
        writeAll(tail, to: STDERR_FILENO)
    }

    /// The log cut at line ends: the head up to its last whole line, the tail from its first.
    static func whole(_ log: StderrCapture.Log) -> (head: [UInt8], omitted: Int, tail: [UInt8]) {
        guard log.omitted > 0 else { return (log.head + log.tail, 0, []) }
        let headEnd = log.head.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let tailStart = log.tail.firstIndex(of: 0x0A).map { $0 + 1 } ?? log.tail.count
        let omitted = (log.head.count - headEnd) + log.omitted + tailStart
        return (Array(log.head[..<headEnd]), omitted, Array(log.tail[tailStart...]))
    }
}
