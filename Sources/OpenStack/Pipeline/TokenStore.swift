public import JSONValue
import Transport

/// A token as a store keeps it: the X-Subject-Token value and Keystone's token body, whose
/// `expires_at` says, by the wall clock, how long it is good for.
public struct StoredToken: Sendable {
    public let value: Secret
    public let body: JSONObject

    public init(value: Secret, body: JSONObject) {
        self.value = value
        self.body = body
    }
}

/// Where tokens outlive a session: a cron job that runs every minute need not sign in every
/// minute. The session asks it before its first sign-in and tells it each token it is issued.
public protocol TokenStore: Sendable {
    /// The token last saved for `cloud`, if any (the session checks that it is still valid).
    @LoopActor func load(cloud: String) async -> StoredToken?
    @LoopActor func save(_ token: StoredToken, cloud: String) async
}

/// The default: nothing is kept, every session signs in once.
public struct NoTokenStore: TokenStore {
    public init() {}
    @LoopActor public func load(cloud: String) async -> StoredToken? { nil }
    @LoopActor public func save(_ token: StoredToken, cloud: String) async {}
}
