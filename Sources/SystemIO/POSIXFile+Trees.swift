internal import Glibc
internal import CStackrun

extension POSIXFile {
    /// Removes `path` and, when it is a directory, everything beneath it; symbolic links are
    /// removed, never followed. Nothing there is no error.
    public static func removeTree(_ path: String) throws(FileError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .fromErrno(path)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return try remove(path) }
        for name in try entries(in: path) { try removeTree(path + "/" + name) }
        if rmdir(path) != 0, errno != ENOENT { throw .fromErrno(path) }
    }

    /// Renames `from` to `to` (atomically, within one file system).
    public static func rename(_ from: String, to: String) throws(FileError) {
        if Glibc.rename(from, to) != 0 { throw .fromErrno(to) }
    }

    /// Swaps what `a` and `b` name, in one step: each then holds what the other held.
    public static func exchange(_ a: String, _ b: String) throws(FileError) {
        if sr_exchange_paths(a, b) != 0 { throw .fromErrno(b) }
    }

    /// A new, empty directory named after `prefix` with a unique suffix, mode 0700.
    public static func makeUniqueDirectory(prefix: String) throws(FileError) -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .fromErrno(prefix) }
        return String(cString: made)
    }
}
