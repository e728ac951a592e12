import Testing

/// Polls `condition` every 20 ms until it holds or `seconds` pass; whether it held. Tests that
/// wait on another process's progress use it, so that a run that never gets there fails the
/// test instead of hanging it.
func eventually(within seconds: Double = 30, _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
    return true
}
