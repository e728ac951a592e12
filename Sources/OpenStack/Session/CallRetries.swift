import Transport

/// How many times the requests of one call may be sent again (its `retries = N` option), as a
/// task-local value like CallDeadline: every request of the call (pages, lookups, polls) keeps
/// to it, and work shared with other calls (a sign-in, a discovery) does not.
public enum CallRetries {
    @TaskLocal static var current: Int?

    /// Runs `body` with at most `retries` retries per request (the session's policy when nil).
    @LoopActor public static func with<T>(_ retries: Int?, _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        guard let retries else { return try await body() }
        do {
            return try await $current.withValue(retries) { try await body() }
        } catch {
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)")
        }
    }
}
