import Emulator
import Foundation
import JSONValue
import OpenStack
import Testing
import Transport

/// Tokens a session restores from a store: refused ones, ones too close to expiry, and the file
/// store on real files in a scratch directory, against the emulator over HTTP.
@Suite("session: restored tokens and the file token store", .exclusive)
struct TokenStoreTests {
    @Test("a restored token the service refuses (401): one fresh sign-in, and the call goes through")
    @LoopActor func refusedRestoredToken() async throws {
        try await withEmulator { emulator in
            let store = MemoryTokenStore()
            _ = try await Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: store)).send(listProjects)
            // What the store hands the next session: the kept body under a value Keystone never issued.
            let forged = ForgedTokenStore(store)
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: forged))
            #expect(try await session.send(listProjects).status == 200)
            #expect(session.tokensIssued == 1)
            #expect(try await emulator.tokensIssued() == 2)
            #expect(try await emulator.requests(withStatus: 401) == 1)
        }
    }

    @Test("a restored token with less than the renewal window left is not used")
    @LoopActor func restoredTokenTooOld() async throws {
        try await withEmulator(tokenTTL: 60) { emulator in
            let store = MemoryTokenStore()
            _ = try await Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: store)).authenticate()
            // Issued long ago, so its lifetime is long and the window is the whole renewal
            // window (120 s): its 60 s left are not enough.
            let aged = ForgedTokenStore(store, keepValue: true, issuedAt: "2000-01-01T00:00:00.000000Z")
            let renewing = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: aged))
            try await renewing.authenticate()
            #expect(renewing.tokensIssued == 1)
            // With a window shorter than what is left, the same token is used.
            let lenient = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: aged))
            lenient.renewalWindow = 30
            try await lenient.authenticate()
            #expect(lenient.tokensIssued == 0)
        }
    }

    @Test("the file store: a private directory and file, the token found by the next session, a stranger's password not")
    @LoopActor func fileStoreRoundTrip() async throws {
        try await withEmulator { emulator in
            let scratch = "\(TestEnvironment.scratch)/tokenstore-\(UInt32.random(in: 0...UInt32.max))"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let directory = scratch + "/cache/stackrun/tokens"
            let first = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: FileTokenStore(directory: directory)))
            try await first.authenticate()
            let second = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: FileTokenStore(directory: directory)))
            #expect(try await second.send(listProjects).status == 200)
            #expect(second.tokensIssued == 0)
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".json") })
            #expect(try mode(directory) == 0o700 && mode(scratch + "/cache") == 0o700 && mode(directory + "/" + file) == 0o600)
            // Same user, another password: another key, so a sign-in (refused here).
            let changed = Session(config: emulator.cloudConfig(password: "changed"),
                                  seams: SessionSeams(tokenStore: FileTokenStore(directory: directory)))
            // A boolean, not #expect(throws:): that one prints the token it did not expect.
            let refused: Bool
            do { try await changed.authenticate(); refused = false } catch { refused = true }
            #expect(refused)
            #expect(try await emulator.tokensIssued() == 1)
        }
    }
}

/// The file store's lock and directory, without an emulator.
@Suite("the file token store's lock and directory")
struct FileTokenStoreLockTests {
    @Test("a lock another run holds: a few tries without blocking, then the token is not kept; a directory open to others is narrowed")
    @LoopActor func heldLockSkipsTheSave() async throws {
        let scratch = "\(TestEnvironment.scratch)/tokenlock-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let clock = ManualClock()
        let store = FileTokenStore(directory: scratch, clock: clock)
        let path = store.path(for: "a key")
        // Another open file holding the lock, as another run would (flock, taken with plain Glibc).
        let holder = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        let token = StoredToken(value: Secret("t"), body: ["expires_at": JSON("2999-01-01T00:00:00Z")])
        await store.save(token, cloud: "a key")
        // Twenty tries, nineteen short waits on the store's clock: no blocking flock.
        #expect(clock.sleeps == Array(repeating: 0.025, count: 19))
        #expect(!FileManager.default.fileExists(atPath: path))
        close(holder)
        await store.save(token, cloud: "a key")
        #expect(await store.load(cloud: "a key")?.body["expires_at"]?.stringValue == "2999-01-01T00:00:00Z")
        #expect(try mode(scratch) == 0o700 && mode(path) == 0o600)
    }
}

/// A file's permission bits, read with Foundation rather than the code under test.
private func mode(_ path: String) throws -> Int {
    try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// A store in front of another that changes what it hands back: a forged token value (a token
/// Keystone never issued), or an earlier issued_at (a longer lifetime, so the full renewal window).
@LoopActor
final class ForgedTokenStore: TokenStore {
    let inner: MemoryTokenStore
    let keepValue: Bool
    let issuedAt: String?

    init(_ inner: MemoryTokenStore, keepValue: Bool = false, issuedAt: String? = nil) {
        self.inner = inner
        self.keepValue = keepValue
        self.issuedAt = issuedAt
    }

    func load(cloud: String) async -> StoredToken? {
        guard let kept = await inner.load(cloud: cloud) else { return nil }
        var body = kept.body
        if let issuedAt, let index = body.members.firstIndex(where: { $0.key == "issued_at" }) {
            body.members[index].value = JSON(issuedAt)
        }
        return StoredToken(value: keepValue ? kept.value : Secret("gAAAAA-forged"), body: body)
    }

    func save(_ token: StoredToken, cloud: String) async {}
}
