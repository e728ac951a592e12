internal import Glibc
import Synchronization

/// The one line at the bottom of a terminal that is redrawn in place (the waits' progress).
/// Records written meanwhile go above it: the line is erased, the record written, the line
/// drawn again, all under one lock so that threads writing records at once never split it.
/// Used only when stderr is a terminal; otherwise nothing calls `show`, and writes pass through.
public enum StatusLine {
    private static let shown = Mutex<String>("")
    /// Longer lines are cut: a line that wraps could not be erased with one carriage return.
    static let width = 100
    private static let erase: [UInt8] = Array("\r\u{1B}[K".utf8)

    /// Draws `text` in place of the line shown; an empty text erases it.
    public static func show(_ text: String) {
        let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        shown.withLock { current in
            guard current != cut else { return }
            current = cut
            writeAll(erase + Array(cut.utf8), to: STDERR_FILENO)
        }
    }

    public static func clear() { show("") }

    /// Writes `bytes` (whole lines) on stderr above the line shown, if any.
    static func write(_ bytes: [UInt8]) {
        LogTail.append(bytes)
        shown.withLock { current in
            guard !current.isEmpty else { return writeAll(bytes, to: STDERR_FILENO) }
            writeAll(erase + bytes + Array(current.utf8), to: STDERR_FILENO)
        }
    }
}
