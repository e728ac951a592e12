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
    /// Seconds one request may take with all its retries, unless the script's call has a
    /// `timeout` of its own (each attempt has ServiceRequest's `timeout`, 60 s by default).
    public var requestTimeout = 180.0
    /// Renew a token with less than this many seconds left before using it.
    public var renewalWindow = 120.0
    let logger = Logger(label: "stackrun.openstack")
    var token: Token?
    /// The renewal in flight: concurrent callers wait for it instead of starting their own.
    var renewal: Task<Token, any Error>?
    var endpoints: [ServiceType: ServiceEndpoint] = [:]
    var discoveries: [ServiceType: Task<ServiceEndpoint, any Error>] = [:]
    /// `ensure` and `absent` of one kind and name, one at a time.
    let namedChanges = SerialKeys()
    /// References resolved in this run, shared by its tasks (Session+References).
    let resolvedReferences = ReferenceCache()
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
            task = Task { @LoopActor in try await CallDeadline.shared { () async throws(OpenStackError) in try await self.issueToken() } }
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

    /// POST /v3/auth/tokens, through the same retry loop as every call. Asking for a token twice
    /// is harmless, so it is retried as if idempotent.
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
        request.isIdempotent = true
        let result: ExchangeResult
        do throws(OpenStackError) {
            result = try await exchange(Exchange(service: "keystone", method: "POST", url: url, idempotent: true, attemptTimeout: 60)) {
                limit, _ throws(OpenStackError) in
                request.timeouts.total = limit
                return await Self.attempt(request)
            }
        } catch where error.kind == .transport || error.kind == .unreachable {
            // No answer after every retry is not a refusal of the credentials.
            var failure = error
            failure.message = "cannot reach Keystone: \(error.message)"
            throw failure
        }
        if (200..<300).contains(result.response.status) { return try acceptToken(result.response, url: url) }
        throw authenticationError(result.response, url: url)
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

    /// Keystone's answer as an error: a refusal (401, and other 4xx) is an authentication error;
    /// 404 says the auth URL is wrong; 5xx after every retry is Keystone failing.
    private func authenticationError(_ response: HTTPResponse, url: String) -> OpenStackError {
        let (message, body) = ServiceMessage.extract(from: response)
        let reason = message ?? "HTTP \(response.status)"
        let kind: OpenStackError.Kind
        let text: String
        switch response.status {
        case 401:
            (kind, text) = (.authentication, "Keystone refused the credentials of cloud '\(config.name)': \(reason)")
        case 404:
            (kind, text) = (.configuration, "no Keystone token API at this URL (is auth_url right for cloud '\(config.name)'?): \(reason)")
        case 500...:
            (kind, text) = (.http, "Keystone failed to issue a token: \(reason)")
        default:
            (kind, text) = (.authentication, reason)
        }
        return OpenStackError(kind, text, service: "keystone", method: "POST", url: redactingCredentials(url),
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
