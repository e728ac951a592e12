import Glibc
import SystemIO
import Testing

/// POSIXFile against real files in a scratch directory.
@Suite struct POSIXFileTests {
    @Test func readsAWholeFileAndRefusesADirectory() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let big = String(repeating: "0123456789abcdef", count: 10_000) // crosses the 64 KiB chunk
        try scratch.write(big, to: "big")
        #expect(try POSIXFile.readAll(scratch.file("big")) == Array(big.utf8))
        #expect(try POSIXFile.readAll(scratch.file("big")).count == 160_000)
        let missing = #expect(throws: FileError.self) { try POSIXFile.readAll(scratch.file("none")) }
        #expect(missing?.code == ENOENT)
        let directory = #expect(throws: FileError.self) { try POSIXFile.readAll(scratch.path) }
        #expect(directory?.reason == "it is a directory")
    }

    @Test func tellsRegularFilesFromDirectoriesAndUnreadableOnes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("x", to: "plain")
        try scratch.write("x", to: "locked", mode: 0o000)
        #expect(POSIXFile.isRegularFile(scratch.file("plain"), readable: true))
        #expect(!POSIXFile.isRegularFile(scratch.path))
        #expect(!POSIXFile.isRegularFile(scratch.file("none")))
        // root reads anything; only an ordinary user is refused a 0000 file.
        if geteuid() != 0 { #expect(!POSIXFile.isRegularFile(scratch.file("locked"), readable: true)) }
        #expect(POSIXFile.isRegularFile(scratch.file("locked")))
    }

    @Test func permissionAndOwnerChecks() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("secret", to: "private", mode: 0o600)
        try scratch.write("secret", to: "shared", mode: 0o644)
        let privateFile = try #require(POSIXFile.status(scratch.file("private")))
        let sharedFile = try #require(POSIXFile.status(scratch.file("shared")))
        #expect(privateFile.permissions == 0o600)
        #expect(privateFile.isPrivateToOwner)
        #expect(sharedFile.permissions == 0o644)
        #expect(!sharedFile.isPrivateToOwner)
        #expect(privateFile.isOwnedByCurrentUser)
        #expect(privateFile.size == 6 && privateFile.isRegularFile)
        #expect(POSIXFile.status(scratch.file("none")) == nil)
    }

    @Test func theDirectoryOfAPath() {
        #expect(POSIXFile.directory(of: "job.lua") == ".")
        #expect(POSIXFile.directory(of: "/job.lua") == "/")
        #expect(POSIXFile.directory(of: "a/b/job.lua") == "a/b")
    }
}
