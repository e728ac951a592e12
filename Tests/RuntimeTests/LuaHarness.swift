import JSONValue
import Logging
import Runtime
import Synchronization
import Transport

/// Runs Lua source as a script in a fresh Runtime on the event loop, as `stackrun run` does,
/// with the script's log records captured. Everything is granted unless the test says otherwise
/// (the tests of other things call loopback servers and scratch files); PermissionTests give
/// the Runtime's real default, `.standard`, or grants of their own.
@LoopActor
func runLua(_ source: String, timeout: Double? = nil, grace: Double = Scheduler.defaultGraceSeconds,
            log: LogCapture? = nil, permissions: Permissions = .allowAll,
            environment: @escaping @Sendable (String) -> String? = Environment.value) async throws -> RunReport {
    let capture = log ?? LogCapture()
    let runtime = try Runtime(logger: Logger(label: "stackrun.script") { _ in capture }, permissions: permissions,
                              environment: environment)
    return await runtime.run(source: source, name: "=script", timeout: timeout, grace: grace)
}

/// `runLua`, timed on the loop thread (not in the test's task, whose resumption may wait for
/// a free thread of the cooperative pool on a loaded machine).
@LoopActor
func timedRunLua(_ source: String, timeout: Double? = nil, grace: Double = Scheduler.defaultGraceSeconds,
                 log: LogCapture? = nil) async throws -> (RunReport, seconds: Double) {
    let start = Clock.now
    let report = try await runLua(source, timeout: timeout, grace: grace, log: log)
    return (report, Clock.now - start)
}

/// A log handler that keeps the messages it is given.
final class LogCapture: LogHandler, Sendable {
    private let records = Mutex<[(line: String, position: String?)]>([])

    var messages: [String] { records.withLock { $0.map(\.line) } }

    /// The `at` field of each record (the script's file:line), nil where it has none.
    var positions: [String?] { records.withLock { $0.map(\.position) } }

    func log(event: LogEvent) {
        let position = event.metadata?["at"].map { "\($0)" }
        records.withLock { $0.append(("\(event.level): \(event.message)", position)) }
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
}

extension RunReport {
    /// The first result, or null.
    var value: JSON { results.first ?? .null }

    /// Everything that went wrong, for an expectation's message.
    var problems: String {
        ([failure?.description] + unobservedFailures.map(\.description)).compactMap { $0 }.joined(separator: "\n")
    }
}

/// A Lua string literal for `text`.
func lua(_ text: String) -> String {
    "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
}
