public import Transport

/// When a failed call is sent again, as a value (tested without a network).
///
/// What may be repeated depends on whether the service could have acted on the request:
/// - a request that never reached it (cannot resolve, connect, or do TLS) is sent again, whatever
///   its method;
/// - 429 (rate limited) means the service refused it: sent again after `Retry-After`;
/// - otherwise only idempotent methods (GET, HEAD, PUT, DELETE) are repeated, on 500, 502, 503,
///   504 (`retriedServerErrors`, `retriedWhenIdempotent`) and on a connection that failed after
///   sending;
/// - a POST that may have been acted on (timed out, dropped connection, 502, 503, 504) is never
///   repeated here: that is how blindly retried creates make duplicates. It fails with
///   `outcome_unknown` (a 500 with its own error); the layer above (Session+Settle) then decides,
///   by the create's marker or the effect of an attach, whether to adopt what it made or send
///   it again. Other actions stay failed.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int = 5
    /// The first backoff window; each retry doubles it, up to `maxDelay`. The delay is drawn from
    /// the whole window ("full jitter"), so that many clients failing together spread out.
    public var baseDelay: Double = 0.5
    public var maxDelay: Double = 30
    /// A longer Retry-After is cut to this (a call's own timeout still ends it sooner).
    public var maxRetryAfter: Double = 120
    /// The server errors that are passing (a proxy or a service restarting): retried when the
    /// request is idempotent, reported as `outcome_unknown` when it is not.
    public var retriedServerErrors: Set<Int> = [502, 503, 504]
    /// Server errors retried only when the request is idempotent. A 500 came from the service
    /// itself, which may fail the same way again, but a repeated GET costs nothing; a POST
    /// answered 500 is reported as it is (and a create is settled above).
    public var retriedWhenIdempotent: Set<Int> = [500]

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
        case .status(let code, let after) where retriedWhenIdempotent.contains(code) && idempotent:
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
            return .retry(after: min(max(0, retryAfter), maxRetryAfter))
        }
        let window = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        return .retry(after: window * jitter)
    }

    /// Retry-After as seconds from now: a number of seconds, or an HTTP date (`Sun, 06 Nov 1994
    /// 08:49:37 GMT`) read against `now` (Unix seconds). Nil when it is neither.
    static func retryAfter(_ value: String?, now: Double = Timestamp.now()) -> Double? {
        guard let value else { return nil }
        let text = value.trimmingCharacters()
        // Only digits (and a fraction): not "nan", "inf", "1e3" or "0x10", which Double reads too.
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let seconds = Double(text) { return seconds }
        guard let date = HTTPDate.seconds(text) else { return nil }
        return max(0, date - now)
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
