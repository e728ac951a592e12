import JSONValue
import Runtime
import Transport

/// Runs Lua source in a fresh runtime on the event loop.
@LoopActor
func runLua(_ source: String, timeout: Double? = 30) async throws -> RunReport {
    let runtime = try Runtime()
    return await runtime.run(source: source, name: "=test", timeout: timeout)
}

/// The single JSON value a successful chunk returned (nil when it failed, with its message).
@LoopActor
func evaluateLua(_ source: String) async throws -> JSON? {
    let report = try await runLua(source)
    return report.status == .success ? report.results.first ?? .null : nil
}
