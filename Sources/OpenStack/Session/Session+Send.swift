public import JSONValue
import Transport

extension Session {
    /// Sends a call through the pipeline: its endpoint (discovered once), its microversion and
    /// headers (`httpRequest`), then the token, trace, transport, retries and one renewal and
    /// replay on a 401 (`run`); returns 2xx/3xx answers and throws OpenStackError for the rest.
    public func send(_ request: ServiceRequest) async throws(OpenStackError) -> ServiceResponse {
        let endpoint = try await self.endpoint(request.service)
        let url = Self.join(endpoint.url, request.path, query: request.query)
        let http = try httpRequest(for: request, url: url, endpoint: endpoint)
        // A transfer without a time limit (an image upload) may run long: start it with a token
        // that has most of its life ahead, so it does not expire half-way.
        let lifetime = request.timeout == nil ? (token?.lifetime ?? 0) / 2 : nil
        let result = try await run(PipelineRequest(http, service: request.service.projectName, attemptTimeout: request.timeout,
                                                   tokenLifetime: lifetime, idempotent: request.isIdempotent))
        return try classify(result, of: request, url: url)
    }

    /// Sends a call and decodes its JSON answer.
    public func sendJSON(_ request: ServiceRequest) async throws(OpenStackError) -> JSON {
        try await send(request).json(service: request.service, method: request.method)
    }

    /// The pipeline's last answer as the call's result: a response below 400, else the error.
    private func classify(_ result: ExchangeResult, of request: ServiceRequest, url: String) throws(OpenStackError) -> ServiceResponse {
        let response = result.response
        if response.status < 400 {
            return ServiceResponse(status: response.status, headers: response.headers, body: response.body,
                                   bodySize: response.bodySize, url: redactingCredentials(url), attempts: result.attempts)
        }
        let exchange = Exchange(service: request.service.projectName, method: request.method, url: url,
                                idempotent: request.isIdempotent, attemptTimeout: request.timeout)
        if result.outcomeUnknown {
            throw httpError(for: response, exchange, kind: .outcomeUnknown,
                            prefix: "the service may have acted on this \(request.method) (HTTP \(response.status)); it was not sent again: ")
        }
        var failure = httpError(for: response, exchange)
        failure.attempts = result.attempts
        throw failure
    }

    /// A service's error answer as an OpenStackError, with its own message and request id.
    func httpError(for response: HTTPResponse, _ exchange: Exchange, kind: OpenStackError.Kind = .http,
                   prefix: String = "") -> OpenStackError {
        let (message, body) = ServiceMessage.extract(from: response)
        return OpenStackError(kind, prefix + (message ?? "HTTP \(response.status)"), service: exchange.service,
                              method: exchange.method, url: redactingCredentials(exchange.url), status: response.status,
                              requestID: RequestID.of(response.headers), body: body)
    }
}
