import Glibc

/// A fresh directory under /tmp for one test, removed with everything in it by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/systemio-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ScratchError.cannotCreate }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes `text` with plain POSIX calls (not the code under test) and sets its mode.
    func write(_ text: String, to name: String, mode: mode_t = 0o644) throws {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw ScratchError.cannotCreate }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw ScratchError.cannotCreate
        }
        fchmod(fd, mode)
    }

    /// The names in the directory, sorted (to see that no temporary file was left).
    func names() -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    func remove() {
        for name in names() { unlink(file(name)) }
        rmdir(path)
    }
}

enum ScratchError: Error { case cannotCreate }
