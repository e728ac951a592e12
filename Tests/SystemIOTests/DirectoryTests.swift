import Glibc
import SystemIO
import Testing

/// makeDirectories against a real scratch directory: the mode asked for is the mode made, for
/// the directory and each parent it had to make. (The umask is left alone: it is the whole
/// process's, and suites run in parallel.)
@Suite struct DirectoryTests {
    @Test func makesMissingParentsWithExactlyThePermissionsAsked() throws {
        let scratch = try ScratchDirectory()
        let nested = scratch.file("a/b/c")
        defer {
            for path in [nested, scratch.file("a/b"), scratch.file("a")] { rmdir(path) }
            scratch.remove()
        }
        try POSIXFile.makeDirectories(nested, permissions: 0o700)
        for path in [nested, scratch.file("a/b"), scratch.file("a")] {
            let status = try #require(POSIXFile.status(path))
            #expect(status.isDirectory && status.permissions == 0o700 && status.isOwnedByCurrentUser)
        }
        // Already there: nothing to do, and no error.
        try POSIXFile.makeDirectories(nested, permissions: 0o700)
        try scratch.write("x", to: "file")
        let refused = #expect(throws: FileError.self) { try POSIXFile.makeDirectories(scratch.file("file"), permissions: 0o700) }
        #expect(refused?.code == ENOTDIR)
        try POSIXFile.setPermissions(nested, 0o755)
        #expect(POSIXFile.status(nested)?.permissions == 0o755)
    }
}
