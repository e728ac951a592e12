internal import Glibc

extension POSIXFile {
    /// Creates `path` and any missing parent with `permissions` (0700 for a private cache, as the
    /// XDG spec asks of directories it makes), whatever the umask. A directory already there is
    /// left as it is: whether it is private enough is the caller's check (`status`).
    public static func makeDirectories(_ path: String, permissions: UInt32) throws(FileError) {
        if let status = status(path) {
            if status.isDirectory { return }
            throw FileError(path: path, reason: "it is not a directory", code: ENOTDIR)
        }
        let parent = directory(of: path)
        if parent != path, parent != ".", parent != "/" { try makeDirectories(parent, permissions: permissions) }
        // mkdir's mode is narrowed by the umask; chmod after gives exactly what was asked.
        if mkdir(path, mode_t(permissions)) != 0, errno != EEXIST { throw .fromErrno(path) }
        if chmod(path, mode_t(permissions)) != 0 { throw .fromErrno(path) }
    }

    /// Sets the permission bits of `path` (to narrow a directory made before by someone else's umask).
    public static func setPermissions(_ path: String, _ permissions: UInt32) throws(FileError) {
        if chmod(path, mode_t(permissions)) != 0 { throw .fromErrno(path) }
    }
}

extension POSIXFile {
    /// The names in a directory, without "." and "..", in no particular order.
    public static func entries(in path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else { throw .fromErrno(path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file; one already gone is no error.
    public static func remove(_ path: String) throws(FileError) {
        if unlink(path) != 0, errno != ENOENT { throw .fromErrno(path) }
    }
}
