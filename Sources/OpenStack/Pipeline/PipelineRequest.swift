import Transport

/// One request as the pipeline takes it, whatever made it: a service call, the token request or
/// a version document. By the time it gets here its endpoint, microversion and headers are set;
/// the pipeline adds the token, traces, performs, classifies, retries and re-authenticates.
struct PipelineRequest {
    /// The request as it would be sent, without a token (each attempt adds the token it has, and
    /// its own time limit).
    var http: HTTPRequest
    /// What the retry loop needs to know of it.
    let exchange: Exchange
    /// Whether it carries the session's token, renewed and replayed once on a 401. The token
    /// request itself does not.
    let authenticated: Bool
    /// The token must have this many seconds left when the request starts (nil: the renewal
    /// window).
    var tokenLifetime: Double?
    /// Whether the journal hears of it: it may change something in the cloud.
    let journaled: Bool

    init(_ http: HTTPRequest, service: String, attemptTimeout: Double?, authenticated: Bool = true,
         tokenLifetime: Double? = nil, idempotent: Bool? = nil, retriesInternalErrors: Bool = false) {
        self.http = http
        exchange = Exchange(service: service, method: http.method, url: http.url, idempotent: idempotent ?? http.isIdempotent,
                            attemptTimeout: attemptTimeout, retriesInternalErrors: retriesInternalErrors)
        self.authenticated = authenticated
        self.tokenLifetime = tokenLifetime
        journaled = authenticated && !Self.readOnlyMethods.contains(http.method)
    }

    static let readOnlyMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]
}
