import Glibc
import Testing

/// `@Suite(.exclusive)`: each test of the suite runs alone among all exclusive tests of the
/// process, in both test targets (they share one process), and of any other `swift test` of
/// this package. These tests start servers and measure time with loose bounds; run side by
/// side on a two-core machine they starve each other's event loop and connection cache, and a
/// loaded machine is the norm here (other builds share it).
struct ExclusiveTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        test.isSuite ? nil : self
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if ExclusiveLock.held {
            try await function()
            return
        }
        let lock = try await ExclusiveLock.acquire()
        defer { lock.release() }
        try await ExclusiveLock.$held.withValue(true) { try await function() }
    }
}

extension Trait where Self == ExclusiveTrait {
    static var exclusive: Self { Self() }
}

/// A lock file under .build, taken with flock: it excludes holders in other modules of this
/// process (a separate open file each) and in other processes alike.
struct ExclusiveLock {
    @TaskLocal static var held = false

    private let fd: Int32

    static func acquire() async throws -> ExclusiveLock {
        let path = Fixtures.packageRoot + "/.build/socket-tests.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ChildProcess.SpawnError(description: "cannot open \(path)") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        return ExclusiveLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
