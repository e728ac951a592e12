import Synchronization

/// A bounded copy of everything stackrun writes on stderr: the first `headLimit` bytes and the
/// last `tailLimit`, with a count of what fell between. The run history keeps its tail when a
/// run fails, and `--quiet-success` holds the output back (chronic's behaviour) and prints it
/// only if the run fails. Bounded so that a chatty job that runs for days cannot grow it.
public enum StderrCapture {
    public static let headLimit = 128 * 1024
    public static let tailLimit = 896 * 1024

    /// What was written: `head`, then `omitted` bytes left out, then `tail`.
    public struct Log: Sendable, Equatable {
        public var head: [UInt8] = []
        public var tail: [UInt8] = []
        public var omitted = 0

        /// The tail cut to `tailLimit` (it is kept a little longer, to be cut in batches).
        var trimmed: Log {
            guard tail.count > tailLimit else { return self }
            let excess = tail.count - tailLimit
            return Log(head: head, tail: Array(tail[excess...]), omitted: omitted + excess)
        }

        /// The last `limit` bytes at most, starting at a line's start when it was cut.
        public func lastBytes(_ limit: Int) -> (text: [UInt8], cut: Bool) {
            let whole = omitted == 0 ? head + tail : tail
            guard whole.count > limit else { return (whole, omitted > 0) }
            let cut = whole.suffix(limit)
            let start = cut.firstIndex(of: 0x0A).map { cut.index(after: $0) } ?? cut.startIndex
            return (Array(cut[start...]), true)
        }
    }

    private struct State {
        var log = Log()
        /// --quiet-success: bytes are kept, not written, until the run's outcome is known.
        var holding = false
    }

    private static let state = Mutex(State())

    /// Stops writing: what comes is only kept, until `stopHolding`.
    public static func hold() { state.withLock { $0.holding = true } }

    public static var isHolding: Bool { state.withLock { $0.holding } }

    /// Writes again from now on; returns what was kept.
    public static func stopHolding() -> Log {
        state.withLock { current in
            current.holding = false
            return current.log.trimmed
        }
    }

    /// Everything kept so far.
    public static var log: Log { state.withLock { $0.log.trimmed } }

    /// Keeps `bytes`; true when they are to be written too.
    static func keep(_ bytes: [UInt8]) -> Bool {
        state.withLock { current in
            var bytes = bytes[...]
            let room = headLimit - current.log.head.count
            if room > 0 {
                current.log.head += bytes.prefix(room)
                bytes = bytes.dropFirst(room)
            }
            current.log.tail += bytes
            // Trimmed in batches, so that keeping a line is not a copy of the whole tail.
            if current.log.tail.count > tailLimit + tailLimit / 4 {
                let excess = current.log.tail.count - tailLimit
                current.log.tail.removeFirst(excess)
                current.log.omitted += excess
            }
            return !current.holding
        }
    }
}
