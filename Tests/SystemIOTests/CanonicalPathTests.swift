import Glibc
import SystemIO
import Testing

/// The path a permission check compares: links and `..` resolved as the kernel resolves them, a
/// tail that does not exist yet kept as written, and nothing guessed.
@Suite struct CanonicalPathTests {
    @Test("links, . and .. are resolved; a missing tail is appended to its deepest existing directory")
    func resolves() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        _ = mkdir(scratch.file("a"), 0o755)
        _ = symlink(scratch.file("a"), scratch.file("link"))
        #expect(POSIXFile.canonicalPath(scratch.file("link/./new.txt")) == scratch.file("a/new.txt"))
        #expect(POSIXFile.canonicalPath(scratch.file("a/../a/x/y")) == scratch.file("a/x/y"))
        #expect(POSIXFile.path(scratch.file("a/x"), isWithin: scratch.file("a")))
        #expect(!POSIXFile.path(scratch.file("ab"), isWithin: scratch.file("a")), "a sibling whose name starts alike")
    }

    @Test("a link to nothing, or .. below a directory that does not exist, resolves to nothing")
    func refusesToGuess() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        _ = symlink("/nonexistent-target", scratch.file("dangling"))
        #expect(POSIXFile.canonicalPath(scratch.file("dangling")) == nil)
        #expect(POSIXFile.canonicalPath(scratch.file("missing/../../etc/passwd")) == nil)
        #expect(POSIXFile.canonicalPath("") == nil)
    }

    @Test("a program is found on the given PATH, as the file a link names")
    func findsPrograms() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try scratch.write("#!/bin/sh\n", to: "tool", mode: 0o755)
        try scratch.write("data", to: "plain", mode: 0o644)
        _ = symlink(scratch.file("tool"), scratch.file("alias"))
        #expect(POSIXFile.executablePath("alias", searchPath: "/nonexistent:\(scratch.path)") == scratch.file("tool"))
        #expect(POSIXFile.executablePath("plain", searchPath: scratch.path) == nil, "not executable")
        #expect(POSIXFile.executablePath(scratch.file("tool"), searchPath: nil) == scratch.file("tool"))
    }
}
