import Glibc
import Runtime

/// Lines on stderr, written whole with write(2) (the C `stderr` global is off limits in Swift 6),
/// through `StatusLine` so that they are kept for the run history and `--quiet-success`.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        StatusLine.write(bytes)
    }
}
