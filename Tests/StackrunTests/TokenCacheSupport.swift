import Emulator
import Foundation
import Testing

/// A test's own cache home, and the script every run of it runs.
struct CacheHome {
    let home: String
    let script: String
    var directory: String { home + "/stackrun/tokens" }

    /// The token files (not the lock files beside them).
    func files() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.map { directory + "/" + $0 }
    }
}

/// An emulator with a user `cron` (password TokenCacheTests.password), the environment that
/// signs in as it with a fresh XDG_CACHE_HOME, and that cache.
func withCronCloud(_ body: (OpenStackEmulator, [String: String], CacheHome) async throws -> Void) async throws {
    var config = EmulatorConfig()
    config.identity.users.append(.init(name: "cron", password: TokenCacheTests.password, projectRoles: ["demo": ["member"]]))
    let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    defer { Task { await emulator.stop() } }
    let home = "\(TestEnvironment.scratch)/sr-tokens-\(UUID().uuidString.prefix(8))"
    defer { removeScratch(home) }
    var environment = cloudEnvironment(emulator)
    environment.merge(["OS_USERNAME": "cron", "OS_PASSWORD": TokenCacheTests.password, "OS_PROJECT_NAME": "demo",
                       "XDG_CACHE_HOME": home]) { $1 }
    let cache = CacheHome(home: home, script: try temporaryScript("return #nova.flavors.list()"))
    try await body(emulator, environment, cache)
}

/// Runs the cache's script and expects it to succeed.
@discardableResult
func expectRun(_ environment: [String: String], extra: [String] = []) async throws -> Invocation {
    let script = try temporaryScript("return #nova.flavors.list()")
    let result = try await stackrunDetached(["run"] + extra + [script], environment: environment)
    #expect(result.status == 0 && result.stdout == "4\n", "\(result.stderr)")
    return result
}

/// A file's permission bits.
func permissions(_ path: String) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
