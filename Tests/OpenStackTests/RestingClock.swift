import OpenStack
import Synchronization
import Transport

/// A clock for the poll loop's rests: a sleep whose length falls in `instant` passes at once
/// (moving the time on, as ManualClock's do), so that the backoff's ramp costs nothing; any
/// other sleep lasts for real on the event loop, and a cancelled one ends at once. A test sees
/// a loop resting at its interval, and what happens when someone joins it then.
final class RestingClock: SessionClock {
    private struct State {
        var now: UInt64 = 1_000_000_000_000
        var sleeps: [Double] = []
    }

    private let state = Mutex(State())
    private let instant: Range<Double>

    init(instant: Range<Double>) {
        self.instant = instant
    }

    func now() -> UInt64 { state.withLock { $0.now } }

    /// The sleeps asked for, in seconds, in the order they began.
    var sleeps: [Double] { state.withLock { $0.sleeps } }

    @LoopActor func sleep(seconds: Double) async throws(CancellationError) {
        state.withLock { $0.sleeps.append(seconds) }
        if !instant.contains(seconds) { try await EventLoop.shared.sleep(seconds: seconds) }
        state.withLock { $0.now += UInt64(seconds * 1e9) }
    }

    func jitter() -> Double { 1 }
}
