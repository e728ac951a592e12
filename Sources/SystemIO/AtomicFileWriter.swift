internal import Glibc

/// Writes a file so that readers see either its old content or the whole new one, never a
/// part: the bytes go to a temporary file next to it (same directory, so same file system),
/// which is renamed over it only on `commit`. A failed or abandoned write leaves no file behind.
public final class AtomicFileWriter {
    public let path: String
    public let temporaryPath: String
    private var fd: Int32

    /// Creates the temporary file. With `permissions` (0600 for secrets) the file gets exactly
    /// those, whatever the umask; without, 0666 narrowed by the umask, as any file the user
    /// creates (a cron job with `umask 077` keeps its downloads private).
    public init(path: String, permissions: UInt32? = nil) throws(FileError) {
        self.path = path
        temporaryPath = "\(path).part-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions ?? 0o666))
        guard fd >= 0 else { throw .fromErrno(path) }
        if let permissions, fchmod(fd, mode_t(permissions)) != 0 {
            let error = FileError.fromErrno(path)
            discard()
            throw error
        }
    }

    deinit { discard() }

    /// Appends all of `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .fromErrno(path)
            }
            offset += written
        }
    }

    public func write(_ bytes: [UInt8]) throws(FileError) {
        // withUnsafeBytes rethrows untyped errors: take the pointer's result out instead.
        let failure: FileError? = bytes.withUnsafeBytes { raw in
            do throws(FileError) { try write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Puts the new content in place. `durable` flushes it to the disk first (fsync), so that a
    /// crash right after cannot leave an empty file under the new name, and flushes the
    /// directory after the rename, so that the rename itself survives a crash; a caller on the
    /// event loop streaming a large download passes false, since fsync would stall every transfer.
    public func commit(durable: Bool = true) throws(FileError) {
        if durable, fsync(fd) != 0 {
            let error = FileError.fromErrno(path)
            discard()
            throw error
        }
        let closed = close(fd)
        fd = -1
        guard closed == 0, rename(temporaryPath, path) == 0 else {
            let error = FileError.fromErrno(path)
            unlink(temporaryPath)
            throw error
        }
        if durable { try Self.flushDirectory(of: path) }
    }

    private static func flushDirectory(of path: String) throws(FileError) {
        let directory = POSIXFile.directory(of: path)
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .fromErrno(directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .fromErrno(directory) }
    }

    /// Drops the temporary file; the destination keeps its old content. Safe to call twice.
    public func discard() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporaryPath)
    }
}

extension POSIXFile {
    /// Replaces `path`'s content with `bytes` atomically and durably (see AtomicFileWriter).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: UInt32? = nil) throws(FileError) {
        let writer = try AtomicFileWriter(path: path, permissions: permissions)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }
}
