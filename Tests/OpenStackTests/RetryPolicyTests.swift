import OpenStack
import Testing

@Suite("retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test("requests that never reached the service are sent again, whatever the method", arguments: ["GET", "POST", "DELETE"])
    func notSentIsRetried(method: String) {
        let decision = policy.decide(method: method, idempotent: method != "POST", attempt: 1,
                                     outcome: .transport(.connect, sent: false), jitter: 0)
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
        #expect(policy.decide(method: "GET", idempotent: true, attempt: 1, outcome: .status(429, retryAfter: 1000), jitter: 0) == .fail)
    }

    @Test("client errors, 500 and cancellations are not retried")
    func noRetry() {
        for outcome: RetryPolicy.Outcome in [.status(400, retryAfter: nil), .status(404, retryAfter: nil), .status(409, retryAfter: nil),
                                             .status(500, retryAfter: nil), .transport(.cancelled, sent: true)] {
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

    @Test("500 is retried only where the policy says so (the token request adds it)")
    func internalErrors() {
        var tokenPolicy = RetryPolicy()
        tokenPolicy.retriedServerErrors.insert(500)
        #expect(policy.decide(method: "POST", idempotent: true, attempt: 1, outcome: .status(500, retryAfter: nil), jitter: 1) == .fail)
        #expect(tokenPolicy.decide(method: "POST", idempotent: true, attempt: 1, outcome: .status(500, retryAfter: nil), jitter: 1) == .retry(after: 0.5))
        #expect(tokenPolicy.decide(method: "POST", idempotent: true, attempt: 5, outcome: .status(500, retryAfter: nil), jitter: 1) == .fail)
    }
}
