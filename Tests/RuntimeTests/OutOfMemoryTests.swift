import CStackrun
import Glibc
import Runtime
import Testing

/// Issue 15: a script that exhausts memory ends the run with a documented exit status and one
/// line on stderr, not with abort(), a crash dump and 134.
@Suite(.exclusive) struct OutOfMemoryTests {
    /// Enough address space for the Swift runtime, libcurl and the loop's threads to start, far
    /// less than the script asks for.
    static let addressSpaceKilobytes = 300_000

    @Test func theCSideExitsWithTheDocumentedStatuses() {
        #expect(ExitStatus.outOfMemory.rawValue == SR_EXIT_OUT_OF_MEMORY)
        // A second signal exits from the C handler with 128 + its number.
        #expect(ExitStatus.interrupted.rawValue == 128 + SIGINT)
        #expect(ExitStatus.terminated.rawValue == 128 + SIGTERM)
    }

    @Test func runningOutOfMemoryExitsWith6AndOneLine() async throws {
        let directory = try TemporaryDirectory("oom")
        defer { directory.remove() }
        try directory.write("oom.lua", """
            local t = {}
            for i = 1, 1e9 do t[i] = string.rep("x", 1e6) .. i end
            """)
        let command = "ulimit -v \(Self.addressSpaceKilobytes); exec '\(Fixtures.stackrunBinary)' run '\(directory.file("oom.lua"))'"
        let process = try ChildProcess(["/bin/sh", "-c", command], outputIn: directory.path)
        let status = await process.wait(seconds: 60)
        let stderr = process.stderr
        #expect(status == 6, "\(stderr)")
        #expect(stderr.hasPrefix("stackrun: out of memory (Lua asked for "), "\(stderr)")
        #expect(stderr.hasSuffix(" bytes)\n") && stderr.split(separator: "\n").count == 1, "\(stderr)")
        for crashSign in ["Abort", "abort", "core", "crash", "Crash"] {
            #expect(!stderr.contains(crashSign), "\(stderr)")
        }
    }
}
