/// What one call does when a service refuses its token, as a value (tested without a network,
/// like RetryPolicy). The pipeline tells it the events of the call and does what it decides.
///
/// A 401 to a call renews the token (one renewal for every call refused meanwhile) and replays
/// the call once with the new token. A second 401, to the fresh token, is not a token problem:
/// the call fails as `unauthorized_after_reauthentication` rather than renewing forever. A
/// renewal that fails ends the call as an authentication error, or as `unreachable` when
/// Keystone could not be reached at all (exit status 5, not 4: the credentials may be fine).
public struct ReauthenticationGate: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// The service answered 401 to the call.
        case refused
        /// A new token is ready (this call's renewal, or another task's it waited for).
        case renewed
        /// No new token: the renewal failed with an error of this kind.
        case renewalFailed(OpenStackError.Kind)
    }

    public enum Decision: Sendable, Equatable {
        /// Get a new token.
        case renew
        /// Send the call again with the new token. It is not a retry: it does not count as an
        /// attempt of RetryPolicy's.
        case replay
        /// End the call with an error of this kind.
        case fail(OpenStackError.Kind)
    }

    public enum State: Sendable, Equatable {
        /// No 401 yet.
        case accepted
        /// Refused once; waiting for a new token.
        case renewing
        /// Replayed with a new token: the one replay this call gets is spent.
        case replayed
        /// The call failed with this kind.
        case failed(OpenStackError.Kind)
    }

    public private(set) var state = State.accepted

    public init() {}

    public mutating func handle(_ event: Event) -> Decision {
        let decision: Decision
        switch (state, event) {
        case (.accepted, .refused):
            state = .renewing
            return .renew
        case (.renewing, .renewed):
            state = .replayed
            return .replay
        case (.renewing, .renewalFailed(let kind)):
            decision = .fail(kind == .unreachable ? .unreachable : .authentication)
        case (.replayed, .refused):
            decision = .fail(.unauthorizedAfterReauthentication)
        case (.failed(let kind), _):
            decision = .fail(kind)
        default:
            // Out of order (a renewal nobody asked for): never a second replay.
            decision = .fail(.authentication)
        }
        if case .fail(let kind) = decision { state = .failed(kind) }
        return decision
    }
}
