import Foundation

/// The one in-memory cloud, shared by every request. All access goes through `withState`, which
/// holds a lock for the duration of the closure: keep closures short and never await inside.
///
/// `@unchecked Sendable` because the compiler cannot see what the lock guarantees: the
/// `CloudState` graph (classes, by design, so that services mutate it in place) is reached only
/// inside `withState`, and `withState` only lets Sendable values out.
public final class CloudStore: @unchecked Sendable {
    private let lock = NSLock()
    private var state: CloudState
    public let clock: any EmulatorClock
    /// `EmulatorConfig.pageSize`: read by list handlers outside the lock, so kept here.
    public let pageSize: Int?
    private let seeding: @Sendable (Date) throws -> CloudState

    init(clock: any EmulatorClock, pageSize: Int? = nil, seeding: @escaping @Sendable (Date) throws -> CloudState) throws {
        self.clock = clock
        self.pageSize = pageSize
        self.seeding = seeding
        state = try seeding(clock.now())
    }

    /// Runs `body` with the cloud, after firing the timers that are due. The result must be
    /// Sendable: copy what you need out of the state, never return its objects.
    public func withState<Result: Sendable>(_ body: (CloudState) throws -> Result) throws -> Result {
        lock.lock()
        defer { lock.unlock() }
        state.advance(to: clock.now())
        return try body(state)
    }

    /// Back to the seeded state.
    func reset() throws {
        let fresh = try seeding(clock.now())
        lock.lock()
        state = fresh
        lock.unlock()
    }
}
