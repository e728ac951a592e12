import Dispatch
import Emulator
import Foundation

/// Stops the emulator on SIGINT/SIGTERM or when stdin closes, and makes sure the process ends
/// promptly even if a client holds a connection open.
final class Shutdown: Sendable {
    let emulator: OpenStackEmulator
    private let queue = DispatchQueue(label: "stackrun.emulator.shutdown")
    /// Kept alive for the life of the process; only touched on `queue`.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    init(emulator: OpenStackEmulator) {
        self.emulator = emulator
    }

    func onSignals(_ signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in begin() }
            source.resume()
            queue.sync { sources.append(source) }
        }
    }

    func onStandardInputEOF() {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count == 0 { break }
                if count < 0 && errno != EINTR { break }
            }
            begin()
        }
        thread.start()
    }

    /// Graceful stop, with a deadline: requests in flight get two seconds.
    private func begin() {
        let emulator = self.emulator
        Task { await emulator.stop() }
        queue.asyncAfter(deadline: .now() + 2) { exit(0) }
    }
}
