import JSONValue
public import Transport
import Logging

/// The shared state of one cloud connection: the token (one for every service client and every
/// task), the endpoints found in its catalog, and the policy for retries. Every call goes
/// through `send`, and every request through one pipeline (`run`): it adds the token, renews it
/// when it is about to expire or is refused, retries what is safe to retry, and turns failures
/// into OpenStackErrors that say what happened. Time, the transport, the token store and the
/// observers are the session's seams, passed in.
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
    /// Requests in flight per service (RequestSlots).
    let requestSlots = RequestSlots(limit: Session.defaultConcurrency)
    /// At most this many requests to one service at once, by default.
    public static let defaultConcurrency = 16
    /// At most this many requests to one service at once (`--max-concurrency`).
    public var maxConcurrentRequests: Int {
        get { requestSlots.limit }
        set { requestSlots.limit = max(1, newValue) }
    }
    /// The shared poll loop of each kind being waited for (Session+Observe).
    var statusPollers: [String: StatusPoller] = [:]
    /// Tokens issued to this session (for tests and reports).
    public internal(set) var tokensIssued = 0

    /// The clock, transport, token store and observers (SessionSeams' defaults: the real ones).
    public let seams: SessionSeams

    public init(config: CloudConfig, seams: SessionSeams = SessionSeams()) {
        self.config = config
        self.seams = seams
        if let retries = config.apiRetries { retryPolicy.maxAttempts = retries + 1 }
        retryPolicy.maxConnectRetries = config.connectRetries
    }

    /// The session's clock, for code that is not isolated to the loop (wait deadlines).
    nonisolated var clock: any SessionClock { seams.clock }

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
    public var userID: String? { token?.userID }

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
            let firstUse = stale == nil
            task = Task { @LoopActor in
                try await CallDeadline.shared { () async throws(OpenStackError) in
                    if firstUse, let kept = await self.storedToken() { return kept }
                    return try await self.issueToken()
                }
            }
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

    static let baseHeaders: HTTPHeaders = ["Accept": "application/json", "User-Agent": "stackrun/0.1"]

    /// Sleeps on the session's clock; a cancelled task stops waiting at once.
    func pause(_ seconds: Double) async throws(OpenStackError) {
        do {
            try await seams.clock.sleep(seconds: seconds)
        } catch {
            throw OpenStackError(.transport, "cancelled")
        }
    }
}
