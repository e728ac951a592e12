public import JSONValue
import Transport

/// A Keystone token and what came with it.
public struct Token: Sendable {
    /// The X-Subject-Token value.
    let value: Secret
    /// The token body (user, project, roles, catalog, expires_at...).
    public let body: JSONObject
    /// When to consider it expired, on the loop's monotonic clock: Keystone's lifetime
    /// (expires_at - issued_at, both by the server's clock) counted from when we received it, so
    /// a wrong local wall clock cannot make us use an expired token or renew too early.
    let expiresAt: UInt64
    /// Seconds from issue to expiry.
    public let lifetime: Double
    public let catalog: ServiceCatalog

    init(value: Secret, body: JSONObject, receivedAt: UInt64) {
        self.value = value
        self.body = body
        let expires = body["expires_at"]?.stringValue.flatMap(Timestamp.parse)
        let issued = body["issued_at"]?.stringValue.flatMap(Timestamp.parse) ?? Timestamp.now()
        lifetime = max(0, (expires ?? issued + 3600) - issued)
        expiresAt = receivedAt &+ nanoseconds(fromSeconds: lifetime)
        catalog = ServiceCatalog(body["catalog"]?.arrayValue ?? [])
    }

    /// Seconds of validity left.
    public var secondsLeft: Double {
        let now = monotonicNanoseconds()
        return now >= expiresAt ? 0 : Double(expiresAt - now) / 1e9
    }

    public var projectID: String? { body["project"]?["id"]?.stringValue }
    public var userID: String? { body["user"]?["id"]?.stringValue }
}
