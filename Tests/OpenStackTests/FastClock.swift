import OpenStack
import Transport

/// Real time, run `speed` times as fast: a sleep lasts 1/speed of what it asks, and `now()`
/// moves `speed` times as fast, so every delay and deadline keeps its proportions. For tests
/// of code that waits seconds for a service (a lost create's look-ups 2 s and 4 s later)
/// while the emulator works in real time; the backoff's jitter is fixed, so retries are
/// spaced as the test says.
final class FastClock: SessionClock {
    private let speed: Double
    private let start = monotonicNanoseconds()
    private let fixedJitter: Double

    init(speed: Double = 1, jitter: Double = 1) {
        self.speed = speed
        fixedJitter = jitter
    }

    func now() -> UInt64 {
        start &+ UInt64(Double(monotonicNanoseconds() &- start) * speed)
    }

    @LoopActor func sleep(seconds: Double) async throws(CancellationError) {
        try await EventLoop.shared.sleep(seconds: seconds / speed)
    }

    func jitter() -> Double { fixedJitter }
}

/// A transport to the emulator that shows each answer to `watch` before the session gets it:
/// for a test that acts as another client at a given point of a call (between two attempts).
@LoopActor
final class WatchingTransport: SessionTransport {
    private let watch: @LoopActor (HTTPRequest, HTTPResponse) async -> Void
    private let real = EventLoopTransport()

    init(_ watch: @escaping @LoopActor (HTTPRequest, HTTPResponse) async -> Void) {
        self.watch = watch
    }

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        let result = await real.perform(request)
        if case .success(let response) = result { await watch(request, response) }
        return result
    }
}
