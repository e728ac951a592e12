import Glibc
import SystemIO
import Testing

/// SpawnedProcess with /bin/sh as the child.
@Suite struct SpawnedProcessTests {
    @Test func readsLinesTheChildWritesAndGivesItEndOfFile() throws {
        // `cat` echoes its stdin: the line comes back; closing stdin ends it with status 0.
        let child = try SpawnedProcess.spawn(["/bin/sh", "-c", "echo ready http://x; exec cat"])
        #expect(child.readLine(timeoutSeconds: 10) == "ready http://x")
        let line = Array("echoed\n".utf8)
        #expect(line.withUnsafeBytes { write(child.stdinWriteEnd, $0.baseAddress, $0.count) } == line.count)
        #expect(child.readLine(timeoutSeconds: 10) == "echoed")
        child.closePipes()
        let status = try #require(child.wait())
        #expect(status == 0)
    }

    @Test func aLineThatNeverComesTimesOut() throws {
        let child = try SpawnedProcess.spawn(["/bin/sh", "-c", "exec sleep 30"])
        let start = monotonicSeconds()
        #expect(child.readLine(timeoutSeconds: 0.3) == nil)
        let waited = monotonicSeconds() - start
        #expect(waited >= 0.25 && waited < 10, "waited \(waited) s for a 0.3 s deadline")
        child.kill()
        let status = try #require(child.wait())
        #expect(status & 0x7f == SIGTERM, "killed by SIGTERM")
        child.closePipes()
    }

    @Test func aChildThatExitsGivesEndOfFileNotALine() throws {
        let child = try SpawnedProcess.spawn(["/bin/sh", "-c", "printf partial"])
        #expect(child.readLine(timeoutSeconds: 10) == nil)
        #expect(child.wait() == 0)
        child.closePipes()
    }

    @Test func aMissingProgramIsAFailure() {
        let failure = #expect(throws: SpawnedProcess.Failure.self) {
            try SpawnedProcess.spawn(["/nonexistent/program-\(getpid())"])
        }
        #expect(failure?.description.hasPrefix("cannot start /nonexistent/program") == true)
    }

    private func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
