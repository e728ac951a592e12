import Emulator
import Foundation
import Testing

/// The token cache across runs of the binary, against one emulator over HTTP, each test with an
/// XDG_CACHE_HOME of its own. Secrets are compared only as booleans: a failing #expect prints
/// its operands.
@Suite("the token cache across runs", .serialized)
struct TokenCacheTests {
    /// A user whose password appears nowhere else (not as a name): found in a file, it leaked.
    static let password = "cr0n-Pa55-7f3e"

    @Test("two runs in a row issue one token; the file is 0600 in a 0700 directory and holds no password")
    func twoRunsOneToken() async throws {
        try await withCronCloud { emulator, environment, cache in
            for _ in 0..<2 { try await expectRun(environment) }
            #expect(emulator.stats()["tokens_issued"]?.intValue == 1)
            let file = try #require(try cache.files().first)
            #expect(try cache.files().count == 1)
            #expect(try permissions(file) == 0o600 && permissions(cache.directory) == 0o700)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let holdsPassword = text.contains(Self.password)
            #expect(!holdsPassword)
            #expect(text.contains("\"expires_at\"") && text.contains("\"catalog\""))
        }
    }

    @Test("a corrupt file is survived: a warning, a fresh token, and the file replaced")
    func corruptFileReplaced() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await expectRun(environment)
            let file = try #require(try cache.files().first)
            try Data("{\"version\": 1, \"tok".utf8).write(to: URL(fileURLWithPath: file))
            let result = try await expectRun(environment)
            #expect(result.stderr.contains("token cache file ignored (not a token this runner wrote"), "\(result.stderr)")
            #expect(emulator.stats()["tokens_issued"]?.intValue == 2)
            let replaced = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
            #expect(replaced?["version"] as? Int == 1 && replaced?["token"] is String)
            #expect(try permissions(file) == 0o600)
        }
    }

    @Test("a file others may read is ignored and replaced by a private one")
    func looseFileIgnored() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await expectRun(environment)
            let file = try #require(try cache.files().first)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            let result = try await expectRun(environment)
            #expect(result.stderr.contains("permissions 0644 are looser than 0600"), "\(result.stderr)")
            #expect(emulator.stats()["tokens_issued"]?.intValue == 2)
            #expect(try permissions(file) == 0o600)
        }
    }

    @Test("a token Keystone no longer accepts: one fresh sign-in, and the run goes on")
    func refusedCachedToken() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await expectRun(environment)
            let file = try #require(try cache.files().first)
            // The token's value replaced by one the emulator never issued; its expiry still far.
            var stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
            stored["token"] = "gAAAAA-forged"
            try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: file))
            try await expectRun(environment)
            #expect(emulator.stats()["tokens_issued"]?.intValue == 2)
            try await expectRun(environment)
            #expect(emulator.stats()["tokens_issued"]?.intValue == 2, "the fresh token was kept")
        }
    }

    @Test("runs at the same time leave one whole file, no temporary ones, and the next run uses it")
    func concurrentRuns() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await expectRun(environment) } }
                try await group.waitForAll()
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
            #expect(!names.contains { $0.contains(".part-") }, "\(names)")
            let file = try #require(try cache.files().first)
            let whole = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))) != nil
            let fileCount = try cache.files().count
            #expect(whole && fileCount == 1)
            let issued = emulator.stats()["tokens_issued"]?.intValue
            try await expectRun(environment)
            #expect(emulator.stats()["tokens_issued"]?.intValue == issued)
        }
    }

    @Test("a changed password signs in anew instead of using the token the old one got")
    func changedPasswordNotReused() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await expectRun(environment)
            var changed = environment
            changed["OS_PASSWORD"] = "another-password"
            // The emulator still has the old password: only a run that signs in is refused.
            let result = try await stackrunDetached(["run", cache.script], environment: changed)
            #expect(result.status == 4, "\(result.stderr)")
            #expect(emulator.stats()["tokens_issued"]?.intValue == 1)
        }
    }

    @Test("the emulator a run starts (--emulator) leaves nothing in the cache")
    func builtInEmulatorNotCached() async throws {
        let home = "\(TestEnvironment.scratch)/sr-tokens-\(UUID().uuidString.prefix(8))"
        defer { removeScratch(home) }
        let script = try temporaryScript("return #nova.flavors.list()")
        let result = try await stackrunDetached(["run", "--emulator", script], environment: ["OS_CLOUD": "", "XDG_CACHE_HOME": home])
        #expect(result.status == 0 && result.stdout == "4\n", "\(result.stderr)")
        #expect(try CacheHome(home: home, script: script).files().isEmpty)
    }

    @Test("--no-token-cache and STACKRUN_NO_TOKEN_CACHE=1 sign in every run and keep nothing")
    func cacheTurnedOff() async throws {
        try await withCronCloud { emulator, environment, cache in
            try await expectRun(environment, extra: ["--no-token-cache"])
            try await expectRun(environment, extra: ["--no-token-cache"])
            var off = environment
            off["STACKRUN_NO_TOKEN_CACHE"] = "1"
            try await expectRun(off)
            #expect(emulator.stats()["tokens_issued"]?.intValue == 3)
            #expect(try cache.files().isEmpty)
        }
    }
}
