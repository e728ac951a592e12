import JSONValue
public import Transport
import Logging

/// The shared state of one cloud connection: the token (one for every service client and every
/// task), the endpoints found in its catalog, and the policy for retries. Every call goes
/// through `send`, which adds the token, the endpoint and the microversion, renews the token when
/// it is about to expire or is refused, retries what is safe to retry, and turns failures into
/// OpenStackErrors that say what happened.
@LoopActor
public final class Session {
    public let config: CloudConfig
    public var retryPolicy = RetryPolicy()
    /// Renew a token with less than this many seconds left before using it.
    public var renewalWindow = 120.0
    let logger = Logger(label: "stackrun.openstack")
    var token: Token?
    /// The renewal in flight: concurrent callers wait for it instead of starting their own.
    var renewal: Task<Token, any Error>?
    var endpoints: [ServiceType: ServiceEndpoint] = [:]
    var discoveries: [ServiceType: Task<ServiceEndpoint, any Error>] = [:]
    /// Tokens issued to this session (for tests and reports).
    public private(set) var tokensIssued = 0

    public init(config: CloudConfig) {
        self.config = config
    }

    /// The identity endpoint token requests go to: the configured auth URL, versioned.
    var identityURL: String {
        var url = config.authURL
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v3") { return url }
        if url.hasSuffix("/v2.0") { url.removeLast(5) }
        return url + "/v3"
    }

    /// The current token, obtaining or renewing it when needed.
    @discardableResult
    public func authenticate() async throws(OpenStackError) -> Token {
        try await validToken()
    }

    /// The project the token is scoped to.
    public var projectID: String? { token?.projectID }

    /// A token with at least `minimumLifetime` seconds left (renewed once if the current one has
    /// less). The default margin is the renewal window, but never more than a quarter of the
    /// token's lifetime: a cloud issuing 60-second tokens must not renew before every call.
    func validToken(minimumLifetime: Double? = nil) async throws(OpenStackError) -> Token {
        if let token {
            let wanted = minimumLifetime ?? min(renewalWindow, token.lifetime / 4)
            if token.secondsLeft > wanted { return token }
        }
        return try await renewToken(replacing: token, reason: token == nil ? "first use" : "it expires soon")
    }

    /// A new token, unless another task already replaced `stale`. Only one renewal runs at a
    /// time; callers arriving meanwhile wait for it.
    func renewToken(replacing stale: Token?, reason: String) async throws(OpenStackError) -> Token {
        if let token, token.value != stale?.value, token.secondsLeft > 0 { return token }
        let task: Task<Token, any Error>
        if let renewal {
            task = renewal
        } else {
            logger.debug("authenticating with Keystone", metadata: ["cloud": "\(config.name)", "reason": "\(reason)"])
            task = Task { @LoopActor in try await self.issueToken() }
            renewal = task
        }
        do {
            let fresh = try await task.value
            if renewal == task { renewal = nil }
            token = fresh
            return fresh
        } catch {
            if renewal == task { renewal = nil }
            throw error as? OpenStackError ?? OpenStackError(.authentication, "\(error)", service: "keystone")
        }
    }

    /// POST /v3/auth/tokens. Sent again only when it never reached Keystone or Keystone was
    /// unavailable: asking for a token twice is harmless.
    private func issueToken() async throws(OpenStackError) -> Token {
        let url = identityURL + "/auth/tokens"
        let body: [UInt8]
        do {
            body = try TokenRequest.body(for: config.auth, scope: config.scope).encoded()
        } catch {
            throw OpenStackError(.configuration, "cannot encode the token request: \(error)", service: "keystone")
        }
        var request = HTTPRequest(method: "POST", url: url, headers: Self.baseHeaders, body: .bytes(body), tls: config.tls)
        request.headers.add("Content-Type", "application/json")
        request.timeouts.total = 60
        var attempt = 0
        while true {
            attempt += 1
            let outcome: RetryPolicy.Outcome
            do {
                let response = try await EventLoop.shared.perform(request)
                if (200..<300).contains(response.status) {
                    return try acceptToken(response, url: url)
                }
                if ![429, 500, 502, 503, 504].contains(response.status) || attempt >= retryPolicy.maxAttempts {
                    throw authenticationError(response, url: url)
                }
                outcome = .status(response.status, retryAfter: RetryPolicy.retryAfter(response.headers["retry-after"]))
            } catch let error as TransportError {
                guard !error.requestMayHaveBeenSent || error.kind == .timeout, attempt < retryPolicy.maxAttempts else {
                    throw OpenStackError(.authentication, "cannot reach Keystone: \(error.kind.summary): \(error.detail)",
                                         service: "keystone", method: "POST", url: url)
                }
                outcome = .transport(error.kind, sent: false)
            } catch let error as OpenStackError {
                throw error
            } catch {
                throw OpenStackError(.authentication, "\(error)", service: "keystone", method: "POST", url: url)
            }
            // Token requests are repeatable, so they are retried as if idempotent.
            guard case .retry(let delay) = retryPolicy.decide(method: "POST", idempotent: true, attempt: attempt,
                                                               outcome: outcome, jitter: Double.random(in: 0...1))
            else { throw OpenStackError(.authentication, "Keystone keeps failing", service: "keystone", method: "POST", url: url) }
            try await pause(delay)
        }
    }

    private func acceptToken(_ response: HTTPResponse, url: String) throws(OpenStackError) -> Token {
        guard let value = response.headers["x-subject-token"], !value.isEmpty else {
            throw OpenStackError(.authentication, "Keystone answered without an X-Subject-Token header",
                                 service: "keystone", method: "POST", url: url, status: response.status)
        }
        guard let body = (try? JSON.decode(response.body))?["token"]?.objectValue else {
            throw OpenStackError(.authentication, "Keystone's token response has no token object",
                                 service: "keystone", method: "POST", url: url, status: response.status)
        }
        tokensIssued += 1
        let token = Token(value: Secret(value), body: body, receivedAt: monotonicNanoseconds())
        logger.debug("token issued", metadata: [
            "cloud": "\(config.name)", "expires_in_s": .number(Int(token.secondsLeft)),
            "request_id": "\(RequestID.of(response.headers) ?? "-")",
        ])
        return token
    }

    private func authenticationError(_ response: HTTPResponse, url: String) -> OpenStackError {
        let (message, body) = ServiceMessage.extract(from: response)
        let reason = message ?? "HTTP \(response.status)"
        let text = response.status == 401 ? "Keystone refused the credentials of cloud '\(config.name)': \(reason)" : reason
        return OpenStackError(.authentication, text, service: "keystone", method: "POST", url: url,
                              status: response.status, requestID: RequestID.of(response.headers), body: body)
    }

    static let baseHeaders: HTTPHeaders = ["Accept": "application/json", "User-Agent": "stackrun/0.1"]

    /// Sleeps on the loop's timers; a cancelled task stops waiting at once.
    func pause(_ seconds: Double) async throws(OpenStackError) {
        do {
            try await EventLoop.shared.sleep(seconds: seconds)
        } catch {
            throw OpenStackError(.transport, "cancelled")
        }
    }
}
