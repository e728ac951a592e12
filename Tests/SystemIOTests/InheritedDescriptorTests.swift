import Glibc
import SystemIO
import Testing

/// A spawned child holds only the descriptors handed to it. Foundation's Process keeps a socket
/// that is not close-on-exec and learns that its own child ended when the socket closes: a
/// child of ours that inherited it hid that end until it ended too (an emulator test in CI
/// waited 10 s for an exit that had happened). A pipe without close-on-exec stands in for it.
@Suite struct InheritedDescriptorTests {
    @Test func aSpawnedProcessGetsNoDescriptorLeftInheritable() throws {
        let ends = try inheritablePipe()
        let child = try SpawnedProcess.spawn(["/bin/sh", "-c", "exec sleep 30"])
        defer { child.kill(); _ = child.wait(); child.closePipes() }
        #expect(endOfFileOnceOurWriteEndCloses(ends), "the child holds a copy of the write end")
    }

    @Test func aProgramRunForAScriptGetsNoDescriptorLeftInheritable() throws {
        let ends = try inheritablePipe()
        let child = try ChildProcess.spawn("/bin/sleep", arguments: ["/bin/sleep", "30"], environment: [])
        defer { child.signalGroup(SIGKILL); while child.reap() == nil { usleep(1_000) }; child.close() }
        #expect(endOfFileOnceOurWriteEndCloses(ends), "the child holds a copy of the write end")
    }

    private func inheritablePipe() throws -> [Int32] {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        return ends
    }

    /// Closes the write end, then reads the other: end of file at once unless a child has a copy.
    private func endOfFileOnceOurWriteEndCloses(_ ends: [Int32]) -> Bool {
        close(ends[1])
        defer { close(ends[0]) }
        var watched = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        guard poll(&watched, 1, 200) == 1 else { return false }
        var byte: UInt8 = 0
        return read(ends[0], &byte, 1) == 0
    }
}
