import Transport

extension Session {
    /// The stages every request goes through once its URL and headers are known: token, then
    /// for each attempt the trace hook and the transport (`perform`), then classification and
    /// retry (`exchange`), with one renewal and replay on a 401 (`reauthenticate`). Returns the
    /// first answer that is not retried, whatever its status.
    func run(_ request: PipelineRequest) async throws(OpenStackError) -> ExchangeResult {
        var token = request.authenticated ? try await validToken(minimumLifetime: request.tokenLifetime) : nil
        var gate = ReauthenticationGate()
        // Times sent, replays included: what the trace and the journal number each sending by.
        var sent = 0
        return try await exchange(request.exchange) { attemptLimit, number throws(OpenStackError) in
            var limit = attemptLimit
            // Another task may have renewed the token while this one waited to retry.
            if number > 1, token != nil { token = try await validToken() }
            while true {
                sent += 1
                let result = await perform(request, token: token, limit: limit, sending: sent)
                guard case .success(let answer) = result, answer.status == 401, let refused = token else { return result }
                token = try await reauthenticate(after: answer, refused: refused, request.exchange, gate: &gate)
                // A replay is not a retry: it does not count as an attempt, but it keeps to the
                // time the attempt had left.
                if let left = CallDeadline.current?.secondsLeft, let current = limit { limit = min(current, left) }
            }
        }
    }

    /// What the gate makes of a 401: a new token to replay the request with, or the error that
    /// ends the call.
    private func reauthenticate(after answer: HTTPResponse, refused: Token, _ exchange: Exchange,
                                gate: inout ReauthenticationGate) async throws(OpenStackError) -> Token {
        if case .fail(let kind) = gate.handle(.refused) {
            throw httpError(for: answer, exchange, kind: kind, prefix: "refused again right after re-authentication: ")
        }
        let fresh: Token
        do {
            fresh = try await renewToken(replacing: refused, reason: "\(exchange.service) answered 401")
        } catch {
            var kind = OpenStackError.Kind.authentication
            if case .fail(let decided) = gate.handle(.renewalFailed(error.kind)) { kind = decided }
            throw OpenStackError(kind, "could not re-authenticate after \(exchange.service) refused the token: \(error.message)",
                                 service: "keystone", method: error.method, url: error.url, status: error.status,
                                 requestID: error.requestID)
        }
        _ = gate.handle(.renewed)
        return fresh
    }

    /// Sends one attempt: with the token and the attempt's time limit, shown to the tracer as it
    /// goes out and as its answer comes back; counted, and journaled when it may change something.
    private func perform(_ request: PipelineRequest, token: Token?, limit: Double?, sending: Int) async
        -> Result<HTTPResponse, TransportError> {
        var http = request.http
        // A script's own X-Auth-Token (openstack.request) is sent as given.
        if let token, !http.headers.contains("X-Auth-Token") { http.headers.add("X-Auth-Token", token.value.reveal()) }
        if let limit { http.timeouts.total = limit }
        let service = request.exchange.service
        // Its turn among the service's requests in flight; a task cancelled meanwhile sends nothing.
        // Streamed uploads and downloads (no attempt limit) take no slot: they may run for
        // minutes, and the API calls behind them must not queue that long.
        let slotted = request.exchange.attemptTimeout != nil
        if slotted {
            guard await requestSlots.acquire(service) else {
                return .failure(TransportError(.cancelled, "cancelled while waiting for a free request slot", method: http.method,
                                               url: redactingCredentials(http.url), requestMayHaveBeenSent: false))
            }
            // The time spent queued comes out of what the call had left.
            if let left = CallDeadline.current?.secondsLeft { http.timeouts.total = max(0.001, min(http.timeouts.total ?? left, left)) }
        }
        let traced = TracedRequest(http, service: service, attempt: sending)
        seams.tracer.willSend(traced)
        seams.metrics.requestSent(service: service)
        let started = seams.clock.now()
        let result = await seams.transport.perform(http)
        if slotted { requestSlots.release(service) }
        let milliseconds = Int((seams.clock.now() &- started) / 1_000_000)
        seams.tracer.didReceive(TracedResponse(result, to: traced, milliseconds: milliseconds))
        var status: Int?
        var requestID: String?
        var failure: String?
        switch result {
        case .success(let response):
            (status, requestID) = (response.status, RequestID.of(response.headers))
        case .failure(let error):
            failure = "\(error.kind.summary): \(error.detail)"
        }
        let ended = EndedRequest(service: service, method: http.method, url: traced.url, status: status, requestID: requestID,
                                 failure: failure, milliseconds: milliseconds)
        if ended.failed { seams.metrics.requestFailed(service: service) }
        seams.metrics.requestEnded(ended)
        if request.journaled {
            seams.journal.record(JournalEntry(service: service, method: http.method, url: redactingCredentials(http.url),
                                              status: status, requestID: requestID, failure: failure, attempt: sending))
        }
        return result
    }
}
