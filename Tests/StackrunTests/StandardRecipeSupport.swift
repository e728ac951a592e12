import Emulator
import Foundation
import Synchronization

/// Running the standard recipes (scripts/recipes) by name, as a user would: the built binary
/// finds them in the source tree it sits in. Each run gets a config home and a working
/// directory of its own, so that no user's or project's recipe of the same name shadows them.
enum StandardRecipe {
    /// An emulator whose servers and volumes are ready in a fifth of a second and gone in a tenth.
    static func emulator(clock: (any EmulatorClock)? = nil) async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.2
        config.timings.deleteSeconds = 0.1
        if let clock { config.clock = clock }
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    /// `stackrun run OPTIONS NAME --param P...` against the emulator.
    static func run(_ name: String, _ params: [String], options: [String] = [], emulator: OpenStackEmulator) async throws -> Invocation {
        let home = "\(TestEnvironment.scratch)/sr-recipes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { removeScratch(home) }
        var environment = cloudEnvironment(emulator)
        environment["XDG_CONFIG_HOME"] = home
        environment["STACKRUN_PATH"] = ""
        let arguments = ["run"] + options + [name] + params.flatMap { ["--param", $0] }
        let fixed = environment
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try stackrun(arguments, environment: fixed, directory: home) })
            }
        }
    }

    /// The JSON object a run printed.
    static func summary(_ result: Invocation) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// The requests the emulator recorded that change something (a token's POST aside).
    static func changes(_ requests: ArraySlice<RecordedRequest>) -> [String] {
        requests.filter { $0.method != "GET" && $0.method != "HEAD" && !$0.path.hasSuffix("/auth/tokens") }
            .map { "\($0.method) \($0.path)" }
    }
}

/// The wall clock moved by an offset a test sets: resources made while it is set back are old
/// by the time a recipe compares their creation with the real time.
final class OffsetClock: EmulatorClock {
    private let offset: Mutex<Double>

    init(offset seconds: Double) { offset = Mutex(seconds) }

    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func set(offset seconds: Double) { offset.withLock { $0 = seconds } }
}
