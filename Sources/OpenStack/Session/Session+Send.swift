public import JSONValue
import Transport

extension Session {
    /// Sends a call: adds the token, the endpoint and the microversion header; renews the token
    /// once on a 401 (all concurrent callers share that renewal) and replays the call once;
    /// retries what RetryPolicy allows (the exchange loop); returns 2xx/3xx answers and throws
    /// OpenStackError for the rest.
    public func send(_ request: ServiceRequest) async throws(OpenStackError) -> ServiceResponse {
        let endpoint = try await self.endpoint(request.service)
        let url = Self.join(endpoint.url, request.path, query: request.query)
        let service = request.service.projectName
        // A transfer without a time limit (an image upload) may run long: start it with a token
        // that has most of its life ahead, so it does not expire half-way.
        var token = try await validToken(minimumLifetime: request.timeout == nil ? (self.token?.lifetime ?? 0) / 2 : nil)
        var reauthenticated = false
        let described = Exchange(service: service, method: request.method, url: url, idempotent: request.isIdempotent,
                                 attemptTimeout: request.timeout)
        let result = try await exchange(described) { attemptLimit, number throws(OpenStackError) in
            var limit = attemptLimit
            // Another task may have renewed the token while this one waited to retry.
            if number > 1 { token = try await validToken() }
            while true {
                var http = try httpRequest(for: request, url: url, endpoint: endpoint, token: token)
                if let limit { http.timeouts.total = limit }
                let started = monotonicNanoseconds()
                let answer: HTTPResponse
                switch await Self.attempt(http) {
                case .success(let response): answer = response
                case .failure(let failure): return .failure(failure)
                }
                logCall(request, url: url, response: answer, started: started)
                guard answer.status == 401 else { return .success(answer) }
                if reauthenticated {
                    throw self.error(for: answer, request, url: url, kind: .unauthorizedAfterReauthentication,
                                     prefix: "refused again right after re-authentication: ")
                }
                // A replay with a new token is not a retry: it does not count as an attempt, but
                // it keeps to the time the attempt had left.
                reauthenticated = true
                token = try await renewAfterRefusal(of: token, by: service)
                if let left = CallDeadline.current?.secondsLeft, let current = limit { limit = min(current, left) }
            }
        }
        let response = result.response
        if response.status < 400 {
            return ServiceResponse(status: response.status, headers: response.headers, body: response.body,
                                   bodySize: response.bodySize, url: redactingCredentials(url), attempts: result.attempts)
        }
        if result.outcomeUnknown {
            throw error(for: response, request, url: url, kind: .outcomeUnknown,
                        prefix: "the service may have acted on this \(request.method) (HTTP \(response.status)); it was not sent again: ")
        }
        var failure = error(for: response, request, url: url)
        failure.attempts = result.attempts
        throw failure
    }

    /// A new token after `service` refused `token`, or why there is none.
    private func renewAfterRefusal(of token: Token, by service: String) async throws(OpenStackError) -> Token {
        do {
            return try await renewToken(replacing: token, reason: "\(service) answered 401")
        } catch {
            // Keystone out of reach stays that (exit 5), not a refusal of the credentials.
            let kind: OpenStackError.Kind = error.kind == .unreachable ? .unreachable : .authentication
            throw OpenStackError(kind, "could not re-authenticate after \(service) refused the token: \(error.message)",
                                 service: "keystone", method: error.method, url: error.url, status: error.status,
                                 requestID: error.requestID)
        }
    }

    /// Sends a call and decodes its JSON answer.
    public func sendJSON(_ request: ServiceRequest) async throws(OpenStackError) -> JSON {
        try await send(request).json(service: request.service, method: request.method)
    }

    private func httpRequest(for request: ServiceRequest, url: String, endpoint: ServiceEndpoint, token: Token) throws(OpenStackError) -> HTTPRequest {
        var headers = Self.baseHeaders
        headers.add("X-Auth-Token", token.value.reveal())
        // Each service gets only its own microversion header: Cinder answers 400 to another's.
        if let name = request.service.microversionName,
           let version = request.microversion ?? Self.cappedDefault(endpoint.defaultMicroversion, request.microversionCap)?.description {
            headers.add("OpenStack-API-Version", "\(name) \(version)")
            if request.service == .compute { headers.add("X-OpenStack-Nova-API-Version", version) }
        }
        let body: HTTPRequest.Body
        switch request.body {
        case .none:
            body = .none
        case .json(let value):
            do {
                body = .bytes(try value.encoded())
            } catch {
                throw OpenStackError(.invalidArgument, "cannot encode the request body: \(error.message)",
                                     service: request.service.projectName, method: request.method, url: url)
            }
            headers.set("Content-Type", "application/json")
        case .bytes(let bytes, let type):
            body = .bytes(bytes)
            headers.set("Content-Type", type)
        case .file(let path, let type):
            body = .file(path: path)
            headers.set("Content-Type", type)
        }
        for (name, value) in request.headers { headers.set(name, value) }
        var timeouts = HTTPRequest.Timeouts(connect: 30, total: request.timeout)
        if request.timeout == nil { (timeouts.lowSpeedBytes, timeouts.lowSpeedSeconds) = (1, 300) }
        return HTTPRequest(method: request.method, url: url, headers: headers, body: body, output: request.output,
                           timeouts: timeouts, tls: config.tls)
    }

    /// The endpoint's default microversion, lowered to `cap` when it is above it.
    nonisolated static func cappedDefault(_ current: Microversion?, _ cap: Microversion?) -> Microversion? {
        guard let current, let cap, cap < current else { return current }
        return cap
    }

    private func error(for response: HTTPResponse, _ request: ServiceRequest, url: String,
                       kind: OpenStackError.Kind = .http, prefix: String = "") -> OpenStackError {
        let (message, body) = ServiceMessage.extract(from: response)
        return OpenStackError(kind, prefix + (message ?? "HTTP \(response.status)"), service: request.service.projectName,
                              method: request.method, url: redactingCredentials(url), status: response.status,
                              requestID: RequestID.of(response.headers), body: body)
    }

    private func logCall(_ request: ServiceRequest, url: String, response: HTTPResponse, started: UInt64) {
        logger.debug("\(request.method) \(redactingCredentials(url)) -> \(response.status)", metadata: [
            "service": "\(request.service.projectName)",
            "ms": .number((monotonicNanoseconds() - started) / 1_000_000),
            "request_id": "\(RequestID.of(response.headers) ?? "-")",
        ])
    }

    /// Base + path + query, with percent-encoding of the query values.
    nonisolated static func join(_ base: String, _ path: String, query: [(String, String)]) -> String {
        var url = path.hasPrefix("http://") || path.hasPrefix("https://") ? path : base + (path.hasPrefix("/") || path.isEmpty ? path : "/" + path)
        if !query.isEmpty {
            url += url.contains("?") ? "&" : "?"
            url += query.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    nonisolated static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
