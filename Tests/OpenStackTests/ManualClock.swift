import OpenStack
import Synchronization
import Transport

/// A clock that moves only when a test advances it, or when the session sleeps on it: a sleep
/// returns at once, having moved the time on by its length and noted it. Token expiry and
/// backoff tests run on it without waiting real seconds, and can say which delays were taken.
/// A resource wait's deadline timer sleeps on it too, and so passes at once: tests that wait for
/// a resource to change use the system clock.
final class ManualClock: SessionClock {
    private struct State {
        // Far from zero, so that an instant before "now" never wraps.
        var now: UInt64 = 1_000_000_000_000
        var sleeps: [Double] = []
    }

    private let state = Mutex(State())
    /// Where each backoff falls in its window (RetryPolicy: 1 is the top of the window).
    private let fixedJitter: Double

    init(jitter: Double = 1) {
        fixedJitter = jitter
    }

    func now() -> UInt64 { state.withLock { $0.now } }

    func advance(seconds: Double) {
        state.withLock { $0.now += UInt64(seconds * 1e9) }
    }

    /// The sleeps taken, in seconds, in order.
    var sleeps: [Double] { state.withLock { $0.sleeps } }

    @LoopActor func sleep(seconds: Double) async throws(CancellationError) {
        state.withLock {
            $0.now += UInt64(seconds * 1e9)
            $0.sleeps.append(seconds)
        }
    }

    func jitter() -> Double { fixedJitter }
}

/// A transport in front of the emulator that answers some requests itself (`rule` returns an
/// answer) and sends the others to the emulator over HTTP: for a Keystone that fails a few
/// times and then recovers, which a fault rate cannot say.
@LoopActor
final class InterceptingTransport: SessionTransport {
    /// Given a request and how many requests came before it, an answer, or nil to send it on.
    private let rule: @LoopActor (HTTPRequest, Int) -> HTTPResponse?
    private let real = EventLoopTransport()
    private var seen = 0
    private(set) var intercepted = 0

    init(_ rule: @escaping @LoopActor (HTTPRequest, Int) -> HTTPResponse?) {
        self.rule = rule
    }

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        seen += 1
        if let answer = rule(request, seen - 1) {
            intercepted += 1
            return .success(answer)
        }
        return await real.perform(request)
    }
}
