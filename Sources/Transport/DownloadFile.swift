internal import Glibc

/// A download written under a temporary name next to its destination and renamed into place
/// only when the transfer succeeds, so a failed download never leaves a truncated file behind.
final class DownloadFile {
    let path: String
    let temporaryPath: String
    private var fd: Int32

    /// Creates the temporary file; nil with `errno` set when it cannot.
    init?(path: String) {
        self.path = path
        temporaryPath = "\(path).part-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
    }

    /// Writes all of `bytes`; returns an error description on failure.
    func write(_ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return "cannot write \(path): \(String(cString: strerror(errno)))"
            }
            offset += written
        }
        return nil
    }

    /// Closes and renames into place; returns an error description on failure.
    func commit() -> String? {
        let closed = close(fd)
        fd = -1
        guard closed == 0, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }

    /// Closes and deletes the temporary file (a failed or cancelled download).
    func discard() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporaryPath)
    }
}
