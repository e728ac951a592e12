import Transport

/// When the call a script made must be over (its `timeout = N` option), on a session's clock
/// (the loop's monotonic clock unless a test passes its own). A task-local value, so that every
/// request the call makes (pages, references, waits) and every retry of them shares it without
/// each function passing it on.
public struct CallDeadline: Sendable {
    /// On `clock`, in nanoseconds.
    let instant: UInt64
    /// The clock `instant` is read on: a deadline made on a test's manual clock passes with it.
    let clock: any SessionClock
    /// The timeout as the script gave it, for messages.
    let seconds: Double
    /// Whether the script gave it, or it is the limit every request has without one.
    let isDefault: Bool

    /// `seconds` from now.
    init(seconds: Double, isDefault: Bool = false, clock: any SessionClock) {
        instant = clock.instant(after: seconds)
        self.clock = clock
        self.seconds = seconds
        self.isDefault = isDefault
    }

    /// "the call's timeout of 10 s", or what the default limit is, for messages.
    var description: String {
        isDefault ? "\(Session.seconds(seconds)), the limit of one request with its retries (a call's timeout option changes it)"
            : "the call's timeout of \(Session.seconds(seconds))"
    }

    /// The limit of one request and its retries when the call has no timeout of its own.
    static func requestLimit(_ seconds: Double, clock: any SessionClock) -> CallDeadline {
        CallDeadline(seconds: seconds, isDefault: true, clock: clock)
    }

    @TaskLocal static var current: CallDeadline?

    /// Runs `body` with a deadline `seconds` from now on `clock` (the outer deadline's, else the
    /// system's); none when nil; an outer, earlier deadline stays in force.
    @LoopActor public static func within<T>(_ seconds: Double?, clock: (any SessionClock)? = nil,
                                            _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        guard let seconds else { return try await body() }
        let deadline = CallDeadline(seconds: seconds, clock: clock ?? current?.clock ?? SystemClock())
        if let outer = current, outer.instant <= deadline.instant { return try await body() }
        return try await with(deadline, body)
    }

    /// Runs `body` under the call's deadline, or, when the call has none, under one request's
    /// limit (`requestLimit`): a create with the look-ups and resends that settle a lost answer
    /// stands for one request, and must not be given that limit once per request it makes.
    @LoopActor static func withinRequestLimit<T>(_ seconds: Double, clock: any SessionClock,
                                                 _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        guard current == nil else { return try await body() }
        return try await with(requestLimit(seconds, clock: clock), body)
    }

    /// Runs `body` with a deadline `seconds` from now whatever the caller's: for cleanup after a
    /// call that ran out of time.
    @LoopActor static func fresh<T>(_ seconds: Double, _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        try await with(CallDeadline(seconds: seconds, clock: current?.clock ?? SystemClock()), body)
    }

    /// Runs `body` with no deadline: work shared by several calls (a sign-in, a discovery) must
    /// not fail because the call that happened to start it ran out of time.
    /// A call's own number of retries does not apply to it either.
    @LoopActor static func shared<T>(_ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        guard current != nil || CallRetries.current != nil else { return try await body() }
        do {
            return try await CallRetries.$current.withValue(nil) { try await with(nil, body) }
        } catch {
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)")
        }
    }

    @LoopActor private static func with<T>(_ value: CallDeadline?, _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        do {
            return try await $current.withValue(value) { try await body() }
        } catch {
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)")
        }
    }

    /// Seconds left (0 once it has passed).
    var secondsLeft: Double { clock.secondsUntil(instant) }
}
