/// The isolation domain of the event-loop thread.
///
/// Why a global actor whose executor is the loop: the OpenStack clients are ordinary Swift
/// `async` code (retries, re-authentication and waits read as straight-line code), while the Lua
/// state and the curl multi handle must only ever be touched by one thread. Making that thread
/// the executor of a global actor gives both: every `@LoopActor` function runs on the loop
/// thread between polls, the compiler checks that nothing else reaches loop state, and an
/// `await` inside a client suspends without blocking the thread the Lua scripts run on.
/// The alternatives were worse: callbacks everywhere (unreadable retry logic), or the default
/// concurrent executor plus locks around the Lua state (two threads in Lua, which Lua forbids).
@globalActor
public actor LoopActor {
    public static let shared = LoopActor()

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        EventLoop.shared.asUnownedSerialExecutor()
    }

    /// Runs `operation` as loop-isolated code, from synchronous code already on the loop thread
    /// (a C callback from Lua or curl, the loop itself). Traps when called from another thread.
    public static func assumeIsolated<T>(_ operation: @LoopActor () throws -> T) rethrows -> T {
        typealias Unisolated = () throws -> T
        shared.preconditionIsolated("not on the event-loop thread")
        // Sound because the check above proved we are on the loop thread, which is exactly
        // what @LoopActor means; the standard library's MainActor.assumeIsolated does the same.
        return try withoutActuallyEscaping(operation) { isolated in
            try unsafeBitCast(isolated, to: Unisolated.self)()
        }
    }
}
