import Glibc
import Runtime

/// Lines on stderr, written whole with write(2) (the C `stderr` global is off limits in Swift 6),
/// through `StatusLine` so that they are kept for the run history and `--quiet-success`, and
/// at most OutputLimits.logRecordBytes at a time: a script's error of 10 MB is cut, with a
/// last line saying how much, like a log record.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(OutputLimits.boundedText(text).utf8)
        bytes.append(0x0A)
        StatusLine.write(bytes)
    }
}
