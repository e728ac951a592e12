internal import Glibc

/// Why a file operation failed: the path and what the system said (strerror), or our own reason.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// The errno behind it, 0 when the reason is ours (a directory where a file was expected).
    public let code: Int32

    public init(path: String, reason: String, code: Int32 = 0) {
        self.path = path
        self.reason = reason
        self.code = code
    }

    /// The error for the current `errno`.
    static func fromErrno(_ path: String) -> FileError {
        let code = errno
        return FileError(path: path, reason: String(cString: strerror(code)), code: code)
    }

    public var description: String { "\(path): \(reason)" }
}
