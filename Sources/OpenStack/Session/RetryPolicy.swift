public import Transport

/// When a failed call is sent again, as a value (tested without a network).
///
/// What may be repeated depends on whether the service could have acted on the request:
/// - a request that never reached it (cannot resolve, connect, or do TLS) is sent again, whatever
///   its method;
/// - 429 (rate limited) means the service refused it: sent again after `Retry-After`;
/// - otherwise only idempotent methods (GET, HEAD, PUT, DELETE) are repeated, on 502, 503, 504
///   (`retriedServerErrors`; the token request adds 500) and on a connection that failed after
///   sending;
/// - a POST that may have been acted on (timed out, dropped connection, 502, 503, 504) is never
///   repeated here: that is how blindly retried creates make duplicates. It fails with
///   `outcome_unknown`; the create path (Session+CreateOnce) then decides, by the create's
///   marker, whether to adopt what it made or send it again. Actions stay failed.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int = 5
    /// The first backoff; each retry doubles it, with jitter, up to `maxDelay`.
    public var baseDelay: Double = 0.5
    public var maxDelay: Double = 30
    /// A longer Retry-After than this is not waited for: the call fails instead.
    public var maxRetryAfter: Double = 120
    /// The server errors that are passing (a proxy or a service restarting). 500 is not one of
    /// them for service calls: it is most often a bug that answers the same way every time.
    public var retriedServerErrors: Set<Int> = [502, 503, 504]

    public init() {}

    public enum Outcome: Sendable, Equatable {
        case status(Int, retryAfter: Double?)
        case transport(TransportError.Kind, sent: Bool)
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: Double)
        case fail
        /// A non-idempotent call may have been acted on: report that, don't repeat it.
        case outcomeUnknown
    }

    /// What to do after `attempt` (1-based) ended with `outcome`. `jitter` in 0...1 picks the
    /// delay within the backoff window (random in use, fixed in tests).
    public func decide(method: String, idempotent: Bool, attempt: Int, outcome: Outcome, jitter: Double) -> Decision {
        var retryAfter: Double?
        switch outcome {
        case .status(429, let after):
            retryAfter = after
        case .status(let code, let after) where retriedServerErrors.contains(code):
            if !idempotent { return .outcomeUnknown }
            retryAfter = after
        case .status:
            return .fail
        case .transport(.cancelled, _), .transport(.invalidRequest, _), .transport(.file, _), .transport(.tooLarge, _):
            return .fail
        case .transport(_, let sent):
            if sent && !idempotent { return .outcomeUnknown }
        }
        guard attempt < maxAttempts else { return .fail }
        if let retryAfter {
            return retryAfter <= maxRetryAfter ? .retry(after: max(0, retryAfter)) : .fail
        }
        let window = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        return .retry(after: window / 2 + window / 2 * jitter)
    }

    /// Retry-After as seconds (HTTP dates are not used by OpenStack services; a date falls back
    /// to the backoff).
    static func retryAfter(_ value: String?) -> Double? {
        guard let value, let seconds = Double(value.trimmingCharacters()) else { return nil }
        return seconds
    }
}

extension String {
    func trimmingCharacters() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
