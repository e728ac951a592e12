public import Transport

/// When a failed call is sent again, as a value (tested without a network).
///
/// What may be repeated depends on whether the service could have acted on the request:
/// - a request that never reached it (cannot resolve, connect, or do TLS) is sent again, whatever
///   its method;
/// - 429 (rate limited) means the service refused it: sent again after `Retry-After`; so does a
///   409 that the service means as "busy, try again" (BusyConflicts), such as Neutron's
///   NetworkInUse on a DELETE or Nova's refusal of an action during another one;
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
    /// Retries of a request that never reached the service (clouds.yaml's `connect_retries`,
    /// as keystoneauth counts them: on their own, apart from the other retries). Nil: they
    /// count against `maxAttempts` like the others.
    public var maxConnectRetries: Int?
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
        /// A 409 that means "busy, try again" (BusyConflicts): refused, nothing was done.
        case busy(retryAfter: Double?)
        case transport(TransportError.Kind, sent: Bool)
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: Double)
        case fail
        /// A non-idempotent call may have been acted on: report that, don't repeat it.
        case outcomeUnknown
    }

    /// What to do after `attempt` (1-based) ended with `outcome`. `unsent` says how many of the
    /// attempts so far (this one included) never reached the service; it matters only with
    /// `maxConnectRetries` (nil: all of them, or none, as `outcome` says). `jitter` in 0...1
    /// picks the delay within the backoff window (random in use, fixed in tests).
    public func decide(method: String, idempotent: Bool, attempt: Int, unsent: Int? = nil, outcome: Outcome,
                       jitter: Double) -> Decision {
        var retryAfter: Double?
        // The attempt number the limit and the backoff go by: with connect retries counted on
        // their own, each kind of failure has its own count.
        var number = attempt
        var limit = maxAttempts
        switch outcome {
        case .status(429, let after), .busy(let after):
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
        if let maxConnectRetries {
            let notSent = unsent ?? (outcome.reachedService ? 0 : attempt)
            (number, limit) = outcome.reachedService ? (attempt - notSent, maxAttempts) : (notSent, maxConnectRetries + 1)
        }
        guard number < limit else { return .fail }
        if let retryAfter {
            return .retry(after: min(max(0, retryAfter), maxRetryAfter))
        }
        let window = min(maxDelay, baseDelay * Double(1 << min(max(number, 1) - 1, 20)))
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

extension RetryPolicy.Outcome {
    /// Whether the request reached the service: anything but a failure before it was sent.
    var reachedService: Bool {
        if case .transport(_, sent: false) = self { return false }
        return true
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
