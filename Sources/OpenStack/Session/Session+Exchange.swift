import Transport

/// One request as the retry loop sees it: enough to decide, log and describe failures.
struct Exchange {
    /// "nova", "keystone"...
    let service: String
    let method: String
    let url: String
    /// Whether sending it again cannot do the work twice (a token request is a POST that may).
    let idempotent: Bool
    /// Seconds one attempt may take (nil: no limit, for streamed uploads and downloads).
    let attemptTimeout: Double?
    /// Whether 500 is retried like 503: Keystone's 500 on a token request is most often a
    /// passing failure of its database, and asking for a token again is harmless.
    var retriesInternalErrors = false
}

/// How the loop ended when it did not throw.
struct ExchangeResult {
    let response: HTTPResponse
    let attempts: Int
    /// The method is not idempotent and the answer (502, 503, 504) leaves open whether the
    /// service acted on it: it was not sent again.
    let outcomeUnknown: Bool
}

extension Session {
    /// The one retry loop every request goes through (service calls, token requests, version
    /// documents). `attempt` sends the request once, given the seconds that attempt may take
    /// and its number (from 1), and adds what changes between attempts (a renewed token). The loop sends it again as
    /// RetryPolicy allows, within the call's deadline, and returns the first answer it does not
    /// retry, whatever its status; no answer at all is thrown as an OpenStackError.
    func exchange(_ exchange: Exchange,
                  _ attempt: (_ timeout: Double?, _ number: Int) async throws(OpenStackError) -> Result<HTTPResponse, TransportError>)
        async throws(OpenStackError) -> ExchangeResult {
        // Without a timeout from the script, each request with its retries still has one: a
        // service that hangs must not hold a cron job for the sum of every attempt's limit.
        let deadline = CallDeadline.current ?? exchange.attemptTimeout.map { _ in CallDeadline.requestLimit(requestTimeout, clock: seams.clock) }
        var policy = retryPolicy
        if exchange.retriesInternalErrors { policy.retriedServerErrors.insert(500) }
        // A call's own count (`retries = N`) stands for every kind of retry, connect retries too.
        if let retries = CallRetries.current { (policy.maxAttempts, policy.maxConnectRetries) = (retries + 1, nil) }
        var count = 0
        // Attempts that never reached the service (counted on their own with connect_retries).
        var unsent = 0
        while true {
            count += 1
            var limit = exchange.attemptTimeout
            // Whether the deadline, not the attempt's own limit, decides when this attempt ends.
            var cutByDeadline = false
            if let deadline {
                let left = deadline.secondsLeft
                guard left > 0 else { throw outOfTime(exchange, deadline, after: nil, sent: count > 1) }
                if left <= limit ?? .infinity { (limit, cutByDeadline) = (left, true) }
            }
            let outcome: RetryPolicy.Outcome
            let described: String
            let result = try await attempt(limit, count)
            switch result {
            case .success(let response):
                if response.status < 400 { return ExchangeResult(response: response, attempts: count, outcomeUnknown: false) }
                let retryAfter = RetryPolicy.retryAfter(response.headers["retry-after"])
                if let busy = BusyConflicts.reason(service: exchange.service, method: exchange.method, response) {
                    outcome = .busy(retryAfter: retryAfter)
                    described = "HTTP \(response.status) (busy: \(busy))"
                } else {
                    outcome = .status(response.status, retryAfter: retryAfter)
                    described = "HTTP \(response.status)"
                }
            case .failure(let failure):
                described = "\(failure.kind.summary): \(failure.detail)"
                if failure.kind == .timeout, cutByDeadline, let deadline {
                    throw outOfTime(exchange, deadline, after: result, sent: failure.requestMayHaveBeenSent || count > 1)
                }
                outcome = .transport(failure.kind, sent: failure.requestMayHaveBeenSent)
                if !failure.requestMayHaveBeenSent { unsent += 1 }
            }
            let decision = policy.decide(method: exchange.method, idempotent: exchange.idempotent, attempt: count, unsent: unsent,
                                         outcome: outcome, jitter: seams.clock.jitter())
            switch (decision, result) {
            case (.retry(let delay), _):
                // A retry that cannot start before the deadline would only wait to fail.
                if let deadline, delay >= deadline.secondsLeft {
                    throw outOfTime(exchange, deadline, after: result, sent: count > 1 || !exchange.idempotent)
                }
                logRetry(exchange, reason: described, attempt: count, of: policy.maxAttempts, delay: delay,
                         requestID: (try? result.get()).flatMap { RequestID.of($0.headers) })
                seams.metrics.retryScheduled(service: exchange.service)
                try await pause(delay)
            case (.outcomeUnknown, .success(let response)):
                return ExchangeResult(response: response, attempts: count, outcomeUnknown: true)
            case (.outcomeUnknown, .failure):
                throw OpenStackError(.outcomeUnknown, "no answer after the request was sent (\(described)); the service may have acted on it, so it was not sent again",
                                     service: exchange.service, method: exchange.method, url: redactingCredentials(exchange.url))
            case (_, .success(let response)):
                return ExchangeResult(response: response, attempts: count, outcomeUnknown: false)
            case (_, .failure(let failure)):
                // No connection at all is a cloud that cannot be reached; anything later (a
                // dropped answer, a file that could not be read) is a failed transfer.
                let kind: OpenStackError.Kind = [.resolve, .connect, .tls].contains(failure.kind) ? .unreachable : .transport
                var error = OpenStackError(kind, described, service: exchange.service, method: exchange.method,
                                           url: redactingCredentials(exchange.url))
                error.attempts = count
                throw error
            }
        }
    }

    /// The deadline ran out: a timeout, not a service failure, saying what the last attempt got.
    /// A request that may have reached the service and is not safe to repeat says so.
    private func outOfTime(_ exchange: Exchange, _ deadline: CallDeadline, after last: Result<HTTPResponse, TransportError>?,
                           sent: Bool) -> OpenStackError {
        var message = "no answer within \(deadline.description)"
        var status: Int?
        var requestID: String?
        switch last {
        case .success(let response):
            let (text, _) = ServiceMessage.extract(from: response)
            message += " (the last attempt got HTTP \(response.status)\(text.map { ": \($0)" } ?? ""))"
            (status, requestID) = (response.status, RequestID.of(response.headers))
        case .failure(let failure):
            message += " (the last attempt: \(failure.kind.summary))"
        case nil:
            break
        }
        if sent && !exchange.idempotent { message += "; the service may have acted on this \(exchange.method)" }
        return OpenStackError(.timeout, message, service: exchange.service, method: exchange.method,
                              url: redactingCredentials(exchange.url), status: status, requestID: requestID)
    }

    /// Every retry is logged at info: what failed, where (no secret in the URL), which attempt
    /// comes next, and the request id to quote to the cloud's operators.
    private func logRetry(_ exchange: Exchange, reason: String, attempt: Int, of maximum: Int, delay: Double, requestID: String?) {
        logger.info("\(exchange.service): \(reason) on \(exchange.method) \(redactingCredentials(exchange.url)); retrying", metadata: [
            "attempt": .number(attempt + 1), "max_attempts": .number(maximum),
            "delay_s": .number((delay * 100).rounded() / 100), "request_id": "\(requestID ?? "-")",
        ])
    }
}
