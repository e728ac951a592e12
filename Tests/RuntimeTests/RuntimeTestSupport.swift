import JSONValue
import Runtime
import Transport

/// The single JSON value a successful chunk returned (nil when it failed).
@LoopActor
func evaluateLua(_ source: String) async throws -> JSON? {
    let report = try await runLua(source)
    return report.status == .success ? report.results.first ?? .null : nil
}
