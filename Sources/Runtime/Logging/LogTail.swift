import Synchronization

/// The last lines written on stderr, kept in memory for what a run reports when it ends (the
/// body of a health-check ping). Off until `keep` is called: a run that pings nobody keeps
/// nothing. Everything on stderr is already redacted when it gets here (LogRecord masks
/// secret fields), so the tail needs no masking of its own.
public enum LogTail {
    private struct Buffer {
        var limit = 0
        var bytes: [UInt8] = []
    }

    private static let buffer = Mutex(Buffer())

    /// Starts keeping the last `limit` bytes (whole lines where the cut allows).
    public static func keep(limit: Int) {
        buffer.withLock { $0.limit = limit }
    }

    /// Called with every piece written on stderr: log records, and stackrun's own lines.
    public static func append(_ bytes: [UInt8]) {
        buffer.withLock { buffer in
            guard buffer.limit > 0 else { return }
            buffer.bytes += bytes
            // Trimmed only once it is twice the limit: appending stays cheap for a chatty run.
            if buffer.bytes.count > 2 * buffer.limit { buffer.bytes.removeFirst(buffer.bytes.count - buffer.limit) }
        }
    }

    /// At most the limit's last bytes, starting at a line's beginning when the cut fell inside
    /// one, and never inside a UTF-8 character.
    public static var text: String {
        buffer.withLock { buffer in
            var kept = buffer.bytes.suffix(buffer.limit)
            if kept.count < buffer.bytes.count, let newline = kept.firstIndex(of: 0x0A), newline < kept.endIndex - 1 {
                kept = kept[(newline + 1)...]
            }
            while let first = kept.first, first & 0xC0 == 0x80 { kept = kept.dropFirst() }
            return String(decoding: kept, as: UTF8.self)
        }
    }
}
