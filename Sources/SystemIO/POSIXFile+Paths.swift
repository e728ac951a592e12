internal import Glibc

extension POSIXFile {
    /// The absolute path `path` names, with every symbolic link, "." and ".." resolved as the
    /// kernel would resolve them, so that a permission check and the operation it allows see the
    /// same file. What exists is resolved with realpath; a tail that does not exist yet (a file
    /// about to be written) is appended to its deepest existing ancestor as written. Nil when
    /// that tail holds "..": it cannot name anything (its directory does not exist), and it could
    /// only be compared by guessing; nil too when something there cannot be resolved (a link
    /// to nothing, a directory this process may not search).
    public static func canonicalPath(_ path: String) -> String? {
        guard !path.isEmpty, !path.utf8.contains(0) else { return nil }
        let absolute: String
        if path.hasPrefix("/") {
            absolute = path
        } else {
            guard let cwd = currentDirectory() else { return nil }
            absolute = cwd == "/" ? "/" + path : cwd + "/" + path
        }
        var existing = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var missing: [String] = []
        while true {
            let prefix = "/" + existing.joined(separator: "/")
            if let resolved = realPath(prefix) {
                var result = resolved
                for component in missing.reversed() where component != "." {
                    if component == ".." { return nil }
                    result += (result == "/" ? "" : "/") + component
                }
                return result
            }
            // Something there that realpath cannot resolve (a dangling link, a directory we may
            // not search) is not guessed at.
            var info = stat()
            if !existing.isEmpty, lstat(prefix, &info) == 0 { return nil }
            guard let last = existing.popLast() else { return nil }
            missing.append(last)
        }
    }

    /// Whether `path` is `root` or lies beneath it; both canonical (see `canonicalPath`).
    public static func path(_ path: String, isWithin root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        return path == root || path.hasPrefix(root + "/")
    }

    /// The executable a program name stands for, as posix_spawnp would find it: a name with a
    /// slash as it is, otherwise the first executable regular file of that name along `searchPath`
    /// (PATH). Canonical, so that a link (python3 -> python3.11) and its target compare equal.
    public static func executablePath(_ program: String, searchPath: String?) -> String? {
        guard !program.isEmpty, !program.utf8.contains(0) else { return nil }
        if program.contains("/") {
            guard let canonical = canonicalPath(program), isExecutableFile(canonical) else { return nil }
            return canonical
        }
        for directory in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? "." : String(directory)
            if let canonical = canonicalPath(base + "/" + program), isExecutableFile(canonical) { return canonical }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        guard let status = status(path), status.isRegularFile else { return false }
        return access(path, X_OK) == 0
    }

    /// The absolute path of this process's executable (/proc/self/exe), nil if it cannot be read.
    public static func currentExecutable() -> String? { linkTarget("/proc/self/exe") }

    /// What the symbolic link at `path` points to, as written; nil when `path` is no link.
    public static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func currentDirectory() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }
}
