import Glibc

/// Lines on stderr, written whole with write(2) (the C `stderr` global is off limits in Swift 6).
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        writeAll(bytes, to: STDERR_FILENO)
    }
}

/// Writes every byte to a descriptor, going on after short writes and interruptions; gives up
/// quietly on an error (a closed pipe: there is nowhere left to say so).
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
