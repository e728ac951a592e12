internal import Glibc

/// A file written only at its end, one whole record at a time, each on the disk before `append`
/// returns: what a journal needs, so that a record the caller was told about survives the
/// process being killed or the machine losing power right after. `O_APPEND` puts every write at
/// the current end even when another process appends to the same file.
public final class AppendOnlyFile {
    public let path: String
    private var fd: Int32

    /// Opens `path` for appending, creating it with `permissions` (exactly those, whatever the
    /// umask) when it does not exist.
    public init(path: String, permissions: UInt32 = 0o600) throws(FileError) {
        self.path = path
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw .fromErrno(path) }
        var status = stat()
        if fstat(fd, &status) == 0, status.st_size == 0, fchmod(fd, mode_t(permissions)) != 0 {
            let error = FileError.fromErrno(path)
            close()
            throw error
        }
    }

    deinit { close() }

    /// Writes all of `bytes` at the end, then flushes them to the disk (fdatasync). One write
    /// call for a record of up to a page or so: a reader never sees half of one beside another
    /// process's record, and a crash cuts at most the last one short.
    public func append(_ bytes: [UInt8]) throws(FileError) {
        guard fd >= 0 else { throw FileError(path: path, reason: "the file is closed") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .fromErrno(path)
            }
            offset += written
        }
        while fdatasync(fd) != 0 {
            if errno == EINTR { continue }
            throw .fromErrno(path)
        }
    }

    /// Closes the file; safe to call twice.
    public func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }
}
