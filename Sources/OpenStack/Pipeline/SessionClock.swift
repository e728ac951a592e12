import Transport

/// Where a session reads the time, waits between attempts, and draws the jitter of its backoff.
/// It is passed in rather than reached for, so that tests of token expiry and backoff advance a
/// manual clock instead of sleeping real seconds.
public protocol SessionClock: Sendable {
    /// Now, in monotonic nanoseconds: only differences between two readings mean anything.
    func now() -> UInt64
    /// Waits `seconds`; a cancelled task stops waiting at once.
    @LoopActor func sleep(seconds: Double) async throws(CancellationError)
    /// A number in 0...1 that places a backoff delay within its window (RetryPolicy.decide).
    func jitter() -> Double
}

extension SessionClock {
    /// Seconds from now until `instant` (0 once it has passed).
    func secondsUntil(_ instant: UInt64) -> Double {
        let now = now()
        return now >= instant ? 0 : Double(instant - now) / 1e9
    }

    /// The instant `seconds` from now.
    func instant(after seconds: Double) -> UInt64 {
        now() &+ nanoseconds(fromSeconds: seconds)
    }
}

/// The real clock: CLOCK_MONOTONIC, the event loop's timers, and random jitter.
public struct SystemClock: SessionClock {
    public init() {}

    public func now() -> UInt64 { monotonicNanoseconds() }

    @LoopActor public func sleep(seconds: Double) async throws(CancellationError) {
        try await EventLoop.shared.sleep(seconds: seconds)
    }

    public func jitter() -> Double { Double.random(in: 0...1) }
}
