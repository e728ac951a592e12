import SystemIO

/// The Runtime's file reads, in its own error words ("cannot read PATH: reason"), on SystemIO's
/// POSIXFile, the runner's one way to the file system.
enum FileAccess {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot read \(path): \(reason)" }
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        do {
            return try POSIXFile.readAll(path)
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
    }

    static func isReadableFile(_ path: String) -> Bool {
        POSIXFile.isRegularFile(path, readable: true)
    }

    /// The directory part of a path ("." for a bare file name).
    static func directory(of path: String) -> String {
        POSIXFile.directory(of: path)
    }
}
