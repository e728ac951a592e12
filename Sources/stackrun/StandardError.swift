import Glibc
import Runtime

/// Lines on stderr, written whole with write(2) (the C `stderr` global is off limits in Swift 6).
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        LogTail.append(bytes)
        writeAll(bytes, to: STDERR_FILENO)
    }
}
