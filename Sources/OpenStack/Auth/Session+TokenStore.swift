import SystemIO
import Transport

/// Tokens kept across sessions (SessionSeams.tokenStore): what they are kept under, and when a
/// kept one may be used.
extension Session {
    /// The key this session's tokens are kept under: the cloud, its Keystone, the auth type, who
    /// signs in and the scope, so that a store shared by several clouds or users never hands one
    /// the token of another; and a fingerprint of the secret (its SHA-256), so that a changed
    /// password or credential secret signs in anew rather than carrying on with a token the old
    /// one got. Never the secret itself; still, the key is not for logs: a fingerprint of a weak
    /// password can be guessed offline. None for token auth: such a session already has its token.
    var tokenStoreKey: String? {
        func named(_ user: UserReference?) -> String {
            user?.id ?? "\(user?.domainID ?? user?.domainName ?? "-")/\(user?.name ?? "-")"
        }
        let who: String
        let secret: Secret
        switch config.auth {
        case .password(let user, let password):
            (who, secret) = ("user " + named(user), password)
        case .applicationCredential(let id, let name, let user, let credentialSecret):
            // By name, a credential is only unique per user, and a user's name only per domain.
            (who, secret) = ("application credential " + (id ?? "\(named(user))/\(name ?? "-")"), credentialSecret)
        case .token:
            return nil
        }
        let scope = switch config.scope {
        case .unscoped: "unscoped"
        case .project(let id, let name, let domainID, let domainName): "project " + (id ?? "\(domainID ?? domainName ?? "-")/\(name ?? "-")")
        case .domain(let id, let name): "domain " + (id ?? name ?? "-")
        case .system: "system"
        }
        let fingerprint = SHA256.hex(secret.reveal())
        return "\(config.name) \(identityURL) \(config.auth.typeName) \(who) \(scope) secret-sha256:\(fingerprint)"
    }

    /// A token the store kept from an earlier run, when it has more than the renewal margin left.
    func storedToken() async -> Token? {
        guard let key = tokenStoreKey, let kept = await seams.tokenStore.load(cloud: key) else { return nil }
        let token = Token(value: kept.value, body: kept.body, receivedAt: seams.clock.now(), clock: seams.clock,
                          wallClockNow: Timestamp.now())
        guard token.secondsLeft > min(renewalWindow, token.lifetime / 4) else { return nil }
        logger.debug("token restored", metadata: ["cloud": "\(config.name)", "expires_in_s": .number(Int(token.secondsLeft))])
        return token
    }
}
