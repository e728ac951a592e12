import Glibc

/// Where the fixture files and the package are, found from this source file's path (the
/// directory holding Package.swift above it), whichever test target it is compiled into.
enum Fixtures {
    static let packageRoot: String = {
        var path = #filePath
        while let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            path = String(path[..<slash])
            if access(path + "/Package.swift", F_OK) == 0 { return path }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let directory = packageRoot + "/Tests/Fixtures"

    /// The built `stackrun` next to the test bundle (`swift test` builds it first), or the
    /// debug build of the package when the bundle runs from elsewhere.
    static let stackrunBinary: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let exe = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let candidate = exe[..<exe.lastIndex(of: "/")!] + "/stackrun"
            if access(String(candidate), X_OK) == 0 { return String(candidate) }
        }
        return packageRoot + "/.build/debug/stackrun"
    }()
}

/// A directory under TMPDIR (or /tmp) for one test, removed with everything in it by `remove()`.
struct TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String = "test") throws {
        var template = Array("\(TestEnvironment.scratch)/stackrun-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ChildProcess.SpawnError(description: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    /// A directory at `path`, which make_certs.sh creates (it is not made here).
    init(fixedPath path: String) { self.path = path }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ name: String, _ text: String) throws {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ChildProcess.SpawnError(description: "cannot create \(file(name))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ChildProcess.SpawnError(description: "cannot write \(file(name))") }
            offset += written
        }
    }

    /// The names in the directory (without . and ..).
    func list() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes the directory and everything under it, in process (spawning `rm` would block
    /// a thread of the cooperative pool).
    func remove() { removeTree(path) }
}

/// Removes `path` and everything under it (unless the run keeps test files, to search them).
func removeTree(_ path: String) {
    guard !TestEnvironment.keepsFiles else { return }
    if let dir = opendir(path) {
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names {
            let child = "\(path)/\(name)"
            var info = stat()
            if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
    }
    rmdir(path)
}

/// Runs a tool to its end; its stdout, or an error with its stderr when it fails.
@discardableResult
func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
    let scratch = try TemporaryDirectory("run")
    defer { scratch.remove() }
    let child = try ChildProcess(arguments, environment: environment, outputIn: scratch.path)
    guard let status = await child.wait(seconds: 300), status == 0 else {
        throw ChildProcess.SpawnError(description: "\(arguments.joined(separator: " ")) failed: \(child.stderr)")
    }
    return child.stdout
}

/// The SHA-256 of a file, in hex, computed by coreutils.
func sha256(ofFile path: String) async throws -> String {
    String(try await run(["/usr/bin/sha256sum", path]).prefix(64))
}

/// A file of `size` random bytes.
func makeRandomFile(_ path: String, size: Int) async throws {
    try await run(["/bin/sh", "-c", "head -c \"$1\" /dev/urandom > \"$2\"", "sh", "\(size)", path])
}

/// The size of a file, nil if it does not exist.
func fileSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
}
