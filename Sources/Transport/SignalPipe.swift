internal import Glibc
internal import CStackrun

/// Turns signals into loop events: the handler (in C, async-signal-safe) only writes the signal
/// number into a pipe and arms the Lua watchdog; the loop, which polls the pipe's read end with
/// its sockets, runs the registered handler on the loop thread where it may cancel tasks. A
/// second signal never reaches the loop: the C handler ends the process itself (watchdog.c).
@LoopActor
final class SignalPipe {
    nonisolated let readEnd: Int32
    private nonisolated let writeEnd: Int32
    private var handlers: [Int32: @LoopActor (Int32) -> Void] = [:]

    nonisolated init() {
        (readEnd, writeEnd) = makeWakePipe("the signal pipe")
    }

    func handle(_ signal: Int32, _ handler: @escaping @LoopActor (Int32) -> Void) {
        handlers[signal] = handler
        sr_install_signal_handler(signal, writeEnd)
    }

    func dispatch() {
        var buffer = [UInt8](repeating: 0, count: 16)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { return }
            for byte in buffer[..<count] {
                let signal = Int32(byte)
                handlers[signal]?(signal)
            }
        }
    }
}

extension EventLoop {
    /// Runs `handler` on the loop thread whenever `signal` arrives (replacing its default action).
    @LoopActor
    public func onSignal(_ signal: Int32, _ handler: @escaping @LoopActor (Int32) -> Void) {
        core.signals.handle(signal, handler)
    }
}
