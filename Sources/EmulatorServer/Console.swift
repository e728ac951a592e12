import Glibc

/// Writes whole lines, unbuffered, so that a parent process reading a pipe sees them at once.
/// A reader that has gone away (EPIPE) is not an error worth dying for: the emulator keeps
/// serving, and its output is simply lost.
enum Console {
    static func out(_ text: String) { write(STDOUT_FILENO, text + "\n") }

    static func error(_ text: String) { write(STDERR_FILENO, "stackrun-emulator: " + text + "\n") }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
