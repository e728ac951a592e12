internal import Glibc

/// An advisory lock on a file (`flock`), held until `unlock` or until the lock is dropped.
/// Two runs that must not write the same state file at once take it exclusively; flock locks
/// belong to the open file, so even two locks in one process exclude each other.
public final class FileLock {
    public let path: String
    private var fd: Int32

    public enum Mode: Sendable { case shared, exclusive }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { unlock() }

    /// Waits for the lock (creating the file if needed, with `permissions`).
    public static func acquire(_ path: String, _ mode: Mode = .exclusive, permissions: UInt32 = 0o600) throws(FileError) -> FileLock {
        let fd = try openLockFile(path, permissions: permissions)
        while flock(fd, operation(mode)) != 0 {
            if errno == EINTR { continue }
            let error = FileError.fromErrno(path)
            close(fd)
            throw error
        }
        return FileLock(path: path, fd: fd)
    }

    /// The lock if it is free now; nil when another open file holds a conflicting one.
    public static func tryAcquire(_ path: String, _ mode: Mode = .exclusive, permissions: UInt32 = 0o600) throws(FileError) -> FileLock? {
        let fd = try openLockFile(path, permissions: permissions)
        if flock(fd, operation(mode) | LOCK_NB) == 0 { return FileLock(path: path, fd: fd) }
        let code = errno
        close(fd)
        if code == EWOULDBLOCK { return nil }
        throw FileError(path: path, reason: String(cString: strerror(code)), code: code)
    }

    /// Replaces what the locked file holds with `bytes`: who holds it, for whoever finds it held.
    /// Only the holder writes it, so readers see the last holder's note (or, for a moment
    /// after a new holder took it, an empty or partial one).
    public func replaceContents(_ bytes: [UInt8]) throws(FileError) {
        guard fd >= 0 else { throw FileError(path: path, reason: "the lock was released") }
        guard ftruncate(fd, 0) == 0 else { throw .fromErrno(path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .fromErrno(path) }
            offset += written
        }
    }

    /// Releases the lock; safe to call twice.
    public func unlock() {
        guard fd >= 0 else { return }
        close(fd) // closing the only descriptor of the open file releases its flock
        fd = -1
    }

    private static func operation(_ mode: Mode) -> Int32 { mode == .shared ? LOCK_SH : LOCK_EX }

    private static func openLockFile(_ path: String, permissions: UInt32) throws(FileError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw .fromErrno(path) }
        return fd
    }
}
