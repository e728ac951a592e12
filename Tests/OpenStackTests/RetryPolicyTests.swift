@testable import OpenStack
import Testing

@Suite("retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test("requests that never reached the service are sent again, whatever the method", arguments: ["GET", "POST", "DELETE"])
    func notSentIsRetried(method: String) {
        let decision = policy.decide(method: method, idempotent: method != "POST", attempt: 1,
                                     outcome: .transport(.connect, sent: false), jitter: 0.5)
        #expect(decision == .retry(after: 0.25))
    }

    @Test("a POST that may have been acted on is never repeated blindly")
    func ambiguousCreates() {
        for outcome: RetryPolicy.Outcome in [.transport(.timeout, sent: true), .transport(.receive, sent: true),
                                             .status(502, retryAfter: nil), .status(503, retryAfter: nil), .status(504, retryAfter: nil)] {
            #expect(policy.decide(method: "POST", idempotent: false, attempt: 1, outcome: outcome, jitter: 0.5) == .outcomeUnknown, "\(outcome)")
        }
    }

    @Test("idempotent calls are retried on 502, 503, 504 and dropped connections")
    func idempotentRetries() {
        for outcome: RetryPolicy.Outcome in [.status(502, retryAfter: nil), .status(503, retryAfter: nil),
                                             .status(504, retryAfter: nil), .transport(.receive, sent: true)] {
            #expect(policy.decide(method: "GET", idempotent: true, attempt: 1, outcome: outcome, jitter: 1) == .retry(after: 0.5))
        }
    }

    @Test("429 is retried for any method, after Retry-After when given")
    func rateLimited() {
        #expect(policy.decide(method: "POST", idempotent: false, attempt: 1, outcome: .status(429, retryAfter: 7), jitter: 0) == .retry(after: 7))
        #expect(policy.decide(method: "POST", idempotent: false, attempt: 2, outcome: .status(429, retryAfter: nil), jitter: 1) == .retry(after: 1))
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 1, outcome: .status(429, retryAfter: 1000), jitter: 0) == .retry(after: 120))
    }

    @Test("client errors and cancellations are not retried")
    func noRetry() {
        for outcome: RetryPolicy.Outcome in [.status(400, retryAfter: nil), .status(404, retryAfter: nil), .status(409, retryAfter: nil),
                                             .transport(.cancelled, sent: true)] {
            #expect(policy.decide(method: "GET", idempotent: true, attempt: 1, outcome: outcome, jitter: 0) == .fail, "\(outcome)")
        }
    }

    @Test("backoff doubles up to the cap, and attempts are bounded")
    func backoff() {
        let delays = (1...4).map { attempt in
            policy.decide(method: "GET", idempotent: true, attempt: attempt, outcome: .status(503, retryAfter: nil), jitter: 1)
        }
        #expect(delays == [.retry(after: 0.5), .retry(after: 1), .retry(after: 2), .retry(after: 4)])
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 5, outcome: .status(503, retryAfter: nil), jitter: 1) == .fail)
        var capped = RetryPolicy()
        capped.maxAttempts = 100
        #expect(capped.decide(method: "GET", idempotent: true, attempt: 40, outcome: .status(503, retryAfter: nil), jitter: 1) == .retry(after: 30))
    }

    @Test("500 is retried for idempotent requests (the token request is one), and a POST answered 500 fails as it is")
    func internalErrors() {
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 1, outcome: .status(500, retryAfter: nil), jitter: 1) == .retry(after: 0.5))
        #expect(policy.decide(method: "POST", idempotent: true, attempt: 1, outcome: .status(500, retryAfter: nil), jitter: 1) == .retry(after: 0.5))
        #expect(policy.decide(method: "POST", idempotent: false, attempt: 1, outcome: .status(500, retryAfter: nil), jitter: 1) == .fail)
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 5, outcome: .status(500, retryAfter: nil), jitter: 1) == .fail)
    }

    @Test("the delay is drawn from the whole window (full jitter)")
    func fullJitter() {
        for (jitter, delay) in [(0.0, 0.0), (0.25, 0.5), (1.0, 2.0)] {
            #expect(policy.decide(method: "GET", idempotent: true, attempt: 3, outcome: .status(503, retryAfter: nil), jitter: jitter) == .retry(after: delay))
        }
    }

    @Test("a 409 that means busy is retried for any method, with backoff or after Retry-After, up to the limit")
    func busyConflicts() {
        #expect(policy.decide(method: "POST", idempotent: false, attempt: 1, outcome: .busy(retryAfter: nil), jitter: 1) == .retry(after: 0.5))
        #expect(policy.decide(method: "DELETE", idempotent: true, attempt: 3, outcome: .busy(retryAfter: nil), jitter: 1) == .retry(after: 2))
        #expect(policy.decide(method: "DELETE", idempotent: true, attempt: 1, outcome: .busy(retryAfter: 3), jitter: 1) == .retry(after: 3))
        #expect(policy.decide(method: "POST", idempotent: false, attempt: 5, outcome: .busy(retryAfter: nil), jitter: 1) == .fail)
    }

    @Test("with connect_retries, failures before sending have their own count, and the other retries theirs")
    func connectRetries() {
        var counted = RetryPolicy()
        counted.maxConnectRetries = 1
        let refused = RetryPolicy.Outcome.transport(.connect, sent: false)
        #expect(counted.decide(method: "GET", idempotent: true, attempt: 1, unsent: 1, outcome: refused, jitter: 1) == .retry(after: 0.5))
        #expect(counted.decide(method: "GET", idempotent: true, attempt: 2, unsent: 2, outcome: refused, jitter: 1) == .fail)
        // Two connection failures earlier do not use up the retries of a 503.
        #expect(counted.decide(method: "GET", idempotent: true, attempt: 6, unsent: 2, outcome: .status(503, retryAfter: nil), jitter: 1) == .retry(after: 4))
        #expect(counted.decide(method: "GET", idempotent: true, attempt: 7, unsent: 2, outcome: .status(503, retryAfter: nil), jitter: 1) == .fail)
        counted.maxConnectRetries = 0
        #expect(counted.decide(method: "POST", idempotent: false, attempt: 1, unsent: 1, outcome: refused, jitter: 1) == .fail)
        // Without it, they share maxAttempts as before.
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 4, unsent: 4, outcome: refused, jitter: 1) == .retry(after: 4))
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 5, unsent: 1, outcome: refused, jitter: 1) == .fail)
    }

    @Test("Retry-After in seconds or as an HTTP date")
    func retryAfterForms() {
        let now = 784_111_777.0 // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.retryAfter(" 7 ", now: now) == 7)
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now: now) == 0)
        #expect(RetryPolicy.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == nil)
        #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfter("nan", now: now) == nil && RetryPolicy.retryAfter("1e3", now: now) == nil)
    }
}
