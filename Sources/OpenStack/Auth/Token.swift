public import JSONValue
import Transport

/// A Keystone token and what came with it.
public struct Token: Sendable {
    /// The X-Subject-Token value.
    let value: Secret
    /// The token body (user, project, roles, catalog, expires_at...).
    public let body: JSONObject
    /// When to consider it expired, on the session's monotonic clock: Keystone's lifetime
    /// (expires_at - issued_at, both by the server's clock) counted from when we received it, so
    /// a wrong local wall clock cannot make us use an expired token or renew too early.
    let expiresAt: UInt64
    /// The clock `expiresAt` is read on.
    let clock: any SessionClock
    /// Seconds from issue to expiry.
    public let lifetime: Double
    public let catalog: ServiceCatalog

    /// A token just received. `wallClockNow` is given for a token kept from earlier (a token
    /// store): what is left of it is then counted from now by the local wall clock, the best
    /// there is for a token whose receipt this process did not see.
    init(value: Secret, body: JSONObject, receivedAt: UInt64, clock: any SessionClock = SystemClock(),
         wallClockNow: Double? = nil) {
        self.value = value
        self.body = body
        let expires = body["expires_at"]?.stringValue.flatMap(Timestamp.parse)
        let issued = body["issued_at"]?.stringValue.flatMap(Timestamp.parse) ?? Timestamp.now()
        lifetime = max(0, (expires ?? issued + 3600) - issued)
        let left = wallClockNow.map { max(0, (expires ?? $0) - $0) } ?? lifetime
        expiresAt = receivedAt &+ nanoseconds(fromSeconds: left)
        self.clock = clock
        catalog = ServiceCatalog(body["catalog"]?.arrayValue ?? [])
    }

    /// Seconds of validity left.
    public var secondsLeft: Double { clock.secondsUntil(expiresAt) }

    public var projectID: String? { body["project"]?["id"]?.stringValue }
    public var userID: String? { body["user"]?["id"]?.stringValue }
}
