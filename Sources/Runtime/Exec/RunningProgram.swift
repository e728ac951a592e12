import SystemIO
import Transport
internal import Glibc

/// One program started by `exec{...}`, driven by the event loop: its pipes and its end are
/// watched with the loop's sockets (never a blocking read or wait on the loop thread), its output
/// kept up to a bound, and it is killed (with its process group) on timeout or cancellation.
/// It keeps itself alive through the loop's watches until it has been reaped.
@LoopActor
final class RunningProgram {
    struct Outcome {
        var termination: ChildProcess.Termination
        var stdout: [UInt8]
        var stderr: [UInt8]
        var truncated: Bool
    }

    enum Ending {
        case finished(Outcome)
        case timedOut
    }

    private let child: ChildProcess
    private let maximumOutput: Int
    private var stdout: [UInt8] = []
    private var stderr: [UInt8] = []
    private var truncated = false
    private var openStreams: Set<Int32>
    private var timer: TimerID?
    private var reapTimer: TimerID?
    private var timedOut = false
    private var reaped = false
    /// Nil once told (or abandoned): what is left is reaping.
    private var report: (@LoopActor (Ending) -> Void)?

    /// At most this many bytes are read per stream each time the loop finds it ready, so that a
    /// program writing without pause cannot keep the loop from its other work.
    private static let readsPerTurn = 4

    init(_ child: ChildProcess, maximumOutput: Int, timeout: Double?, report: @escaping @LoopActor (Ending) -> Void) {
        self.child = child
        self.maximumOutput = maximumOutput
        self.report = report
        openStreams = [child.stdoutDescriptor, child.stderrDescriptor]
        for descriptor in openStreams {
            EventLoop.shared.watch(readable: descriptor) { [self] in drain(descriptor, limit: Self.readsPerTurn) }
        }
        if child.exitDescriptor >= 0 {
            EventLoop.shared.watch(readable: child.exitDescriptor) { [self] in checkEnded() }
        } else {
            scheduleReapPoll()
        }
        if let timeout {
            timer = EventLoop.shared.schedule(after: timeout) { [weak self] in self?.expire() }
        }
    }

    /// The task waiting for it was cancelled: kill it, tell no one, reap it when it ends.
    func abandon() {
        report = nil
        stop()
    }

    private func expire() {
        timer = nil
        timedOut = true
        stop()
    }

    private func stop() {
        if let timer { EventLoop.shared.cancelTimer(timer) }
        timer = nil
        child.signalGroup(SIGKILL)
    }

    /// Reads what `descriptor` has, keeping up to the bound and dropping the rest (a program
    /// blocked on a full pipe would never end).
    private func drain(_ descriptor: Int32, limit: Int?) {
        var reads = 0
        while openStreams.contains(descriptor) {
            if let limit, reads >= limit { return }
            reads += 1
            switch child.read(descriptor) {
            case .bytes(let bytes):
                keep(bytes, from: descriptor)
            case .wouldBlock:
                return
            case .endOfFile:
                openStreams.remove(descriptor)
                EventLoop.shared.unwatch(descriptor)
            }
        }
    }

    private func keep(_ bytes: [UInt8], from descriptor: Int32) {
        let isStdout = descriptor == child.stdoutDescriptor
        let room = maximumOutput - (isStdout ? stdout.count : stderr.count)
        if bytes.count > room { truncated = true }
        let kept = bytes.prefix(max(0, room))
        if isStdout { stdout += kept } else { stderr += kept }
    }

    /// The pidfd turned readable (or the poll timer fired): reap, take what the pipes still
    /// hold (everything the program wrote before it ended is there), and finish. Output of
    /// processes it left running is not waited for.
    private func checkEnded() {
        guard let termination = child.reap() else { return }
        reaped = true
        for descriptor in openStreams { drain(descriptor, limit: nil) }
        for descriptor in [child.stdoutDescriptor, child.stderrDescriptor] { EventLoop.shared.unwatch(descriptor) }
        if child.exitDescriptor >= 0 { EventLoop.shared.unwatch(child.exitDescriptor) }
        if let reapTimer { EventLoop.shared.cancelTimer(reapTimer) }
        if let timer { EventLoop.shared.cancelTimer(timer) }
        reapTimer = nil
        timer = nil
        openStreams = []
        child.close()
        let tell = report
        report = nil
        tell?(timedOut ? .timedOut : .finished(Outcome(termination: termination, stdout: stdout, stderr: stderr, truncated: truncated)))
    }

    /// Without a pidfd (an old kernel), the end is noticed by trying to reap every 20 ms.
    private func scheduleReapPoll() {
        reapTimer = EventLoop.shared.schedule(after: 0.02) { [self] in
            reapTimer = nil
            checkEnded()
            if !reaped { scheduleReapPoll() }
        }
    }
}
