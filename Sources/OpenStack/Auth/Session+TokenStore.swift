import Transport

/// Tokens kept across sessions (SessionSeams.tokenStore): what they are kept under, and when a
/// kept one may be used.
extension Session {
    /// The key this session's tokens are kept under: the cloud, its Keystone, who signs in and
    /// the scope, so that a store shared by several clouds or users never hands one the token of
    /// another. Never a secret. None for token auth: such a session already has its token.
    var tokenStoreKey: String? {
        func named(_ user: UserReference?) -> String {
            user?.id ?? "\(user?.domainID ?? user?.domainName ?? "-")/\(user?.name ?? "-")"
        }
        let who: String
        switch config.auth {
        case .password(let user, _):
            who = "user " + named(user)
        case .applicationCredential(let id, let name, let user, _):
            // By name, a credential is only unique per user, and a user's name only per domain.
            who = "application credential " + (id ?? "\(named(user))/\(name ?? "-")")
        case .token:
            return nil
        }
        let scope = switch config.scope {
        case .unscoped: "unscoped"
        case .project(let id, let name, let domainID, let domainName): "project " + (id ?? "\(domainID ?? domainName ?? "-")/\(name ?? "-")")
        case .domain(let id, let name): "domain " + (id ?? name ?? "-")
        case .system: "system"
        }
        return "\(config.name) \(identityURL) \(who) \(scope)"
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
