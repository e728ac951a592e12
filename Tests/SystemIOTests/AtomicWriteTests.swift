import Glibc
import SystemIO
import Testing

/// Atomic writes leave either the old content or the whole new one, and no temporary file.
@Suite struct AtomicWriteTests {
    @Test func replacesTheContentAndLeavesNoTemporaryFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("old", to: "state.json")
        try POSIXFile.writeAtomically(Array("new content".utf8), to: scratch.file("state.json"), permissions: 0o600)
        #expect(try POSIXFile.readAll(scratch.file("state.json")) == Array("new content".utf8))
        #expect(POSIXFile.status(scratch.file("state.json"))?.permissions == 0o600, "the umask does not change the mode")
        #expect(scratch.names() == ["state.json"])
    }

    /// A download kept private by a cron job's `umask 077` stays private (a fixed 0644 made it
    /// readable by everyone).
    @Test func withoutPermissionsTheUmaskDecides() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let previous = umask(0o077)
        let writer: AtomicFileWriter
        do {
            writer = try AtomicFileWriter(path: scratch.file("download"))
            umask(previous)
        } catch {
            umask(previous)
            throw error
        }
        try writer.write([1, 2, 3])
        try writer.commit(durable: false)
        #expect(POSIXFile.status(scratch.file("download"))?.permissions == 0o600)
    }

    @Test func untilCommittedReadersSeeTheOldContent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("old", to: "state.json")
        let writer = try AtomicFileWriter(path: scratch.file("state.json"))
        try writer.write(Array("half of the n".utf8))
        #expect(try POSIXFile.readAll(scratch.file("state.json")) == Array("old".utf8))
        try writer.write(Array("ew content".utf8))
        try writer.commit()
        #expect(try POSIXFile.readAll(scratch.file("state.json")) == Array("half of the new content".utf8))
        #expect(scratch.names() == ["state.json"])
    }

    @Test func anAbandonedWriteKeepsTheOldContent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("old", to: "state.json")
        do {
            let writer = try AtomicFileWriter(path: scratch.file("state.json"))
            try writer.write(Array("partial".utf8))
            #expect(scratch.names().count == 2, "the new content goes to a file of its own")
            // Dropped without commit, as when the writer fails half way.
        }
        #expect(try POSIXFile.readAll(scratch.file("state.json")) == Array("old".utf8))
        #expect(scratch.names() == ["state.json"])
    }

    @Test func aDirectoryThatDoesNotExistIsAnErrorBeforeAnythingIsWritten() throws {
        let error = #expect(throws: FileError.self) {
            try POSIXFile.writeAtomically([1, 2, 3], to: "/nonexistent-dir-\(getpid())/state.json")
        }
        #expect(error?.code == ENOENT)
    }
}
