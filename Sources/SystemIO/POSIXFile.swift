internal import Glibc

/// The runner's one way to the file system, on Glibc (Foundation stays out of the runner):
/// whole-file reads, regular-file checks, opening a file to stream it, and the status a
/// permission or owner check needs. Atomic writes are `AtomicFileWriter`; locks `FileLock`.
public enum POSIXFile {
    /// The whole file's bytes. A directory is refused rather than read as empty.
    public static func readAll(_ path: String) throws(FileError) -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd.descriptor) }
        if fd.status.isDirectory { throw FileError(path: path, reason: "it is a directory", code: EISDIR) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fd.status.size)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd.descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fromErrno(path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// An open read-only descriptor (close-on-exec) with the status of what it opened, for a
    /// caller that streams the file (an upload). The caller closes it.
    public static func openForReading(_ path: String) throws(FileError) -> (descriptor: Int32, status: FileStatus) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .fromErrno(path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = FileError.fromErrno(path)
            close(fd)
            throw error
        }
        return (fd, FileStatus(info))
    }

    /// The status of what `path` names (following symbolic links), or nil when nothing is there.
    public static func status(_ path: String) -> FileStatus? {
        var info = stat()
        return stat(path, &info) == 0 ? FileStatus(info) : nil
    }

    /// Whether `path` is a regular file (and, when asked, one this process may read).
    public static func isRegularFile(_ path: String, readable: Bool = false) -> Bool {
        guard let status = status(path), status.isRegularFile else { return false }
        return !readable || access(path, R_OK) == 0
    }

    /// The directory part of a path ("." for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
