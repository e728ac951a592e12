import Glibc
import SystemIO
import Testing

/// flock through FileLock: a lock held by another open file refuses or blocks the next one.
@Suite struct FileLockTests {
    @Test func aHeldLockRefusesAnotherUntilReleased() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("run.lock")
        let first = try #require(try FileLock.tryAcquire(path))
        #expect(try FileLock.tryAcquire(path) == nil, "a second open file must not get the lock")
        #expect(try FileLock.tryAcquire(path, .shared) == nil)
        first.unlock()
        let second = try FileLock.tryAcquire(path)
        #expect(second != nil)
        #expect(POSIXFile.status(path)?.permissions == 0o600)
    }

    @Test func sharedLocksCoexist() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("run.lock")
        let readers = [try FileLock.tryAcquire(path, .shared), try FileLock.tryAcquire(path, .shared)]
        #expect(readers.allSatisfy { $0 != nil })
        #expect(try FileLock.tryAcquire(path, .exclusive) == nil)
    }

    /// `acquire` waits: a thread blocked on the lock gets it only after the holder lets go.
    @Test func acquireBlocksUntilTheHolderReleases() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("run.lock")
        let holder = try FileLock.acquire(path)
        let waiter = Task.detached { () throws -> Bool in
            let lock = try FileLock.acquire(path)
            lock.unlock()
            return true
        }
        // The waiter cannot have the lock while it is held: a try from here still fails.
        #expect(try FileLock.tryAcquire(path) == nil)
        holder.unlock()
        #expect(try await waiter.value)
    }
}
