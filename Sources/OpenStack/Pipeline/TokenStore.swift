public import JSONValue
import Logging
import SystemIO
// Public: a clean build refused the protocol's LoopActor requirements under an internal import;
// FileTokenStore, a public LoopActor class, is the use the compiler counts for a public one.
public import Transport

/// A token as a store keeps it: the X-Subject-Token value and Keystone's token body, whose
/// `expires_at` says, by the wall clock, how long it is good for.
public struct StoredToken: Sendable {
    public let value: Secret
    public let body: JSONObject

    public init(value: Secret, body: JSONObject) {
        self.value = value
        self.body = body
    }
}

/// Where tokens outlive a session: a cron job that runs every minute need not sign in every
/// minute. The session asks it before its first sign-in and tells it each token it is issued.
public protocol TokenStore: Sendable {
    /// The token last saved for `cloud`, if any (the session checks that it is still valid).
    @LoopActor func load(cloud: String) async -> StoredToken?
    @LoopActor func save(_ token: StoredToken, cloud: String) async
}

/// The default: nothing is kept, every session signs in once.
public struct NoTokenStore: TokenStore {
    public init() {}
    @LoopActor public func load(cloud: String) async -> StoredToken? { nil }
    @LoopActor public func save(_ token: StoredToken, cloud: String) async {}
}

/// Tokens kept on disk between runs, so that a cron job running every minute reuses one token
/// instead of signing in each time (many short-lived clients minting tokens is how Keystone is
/// taken down). One file per key, named by the key's SHA-256 (the key itself holds a fingerprint
/// of the secret, not for a directory listing), in a directory only the user may enter (0700),
/// each file 0600. A file holds the token, and Keystone's body with its expiry and catalog:
/// never a password or credential secret.
///
/// Runs racing each other never see half a file: a file is written beside its final name and
/// renamed over it. Writers take turns under a lock file, tried without blocking (a blocking
/// flock on the event loop would stall every transfer of the run). What cannot be trusted (not
/// ours, readable by others, not what we write) is ignored with a warning, and the next token
/// issued replaces it. The cache is only a saving: when it cannot be used, the run signs in.
@LoopActor
public final class FileTokenStore: TokenStore {
    public let directory: String
    private let clock: any SessionClock
    private let logger = Logger(label: "stackrun.tokens")
    /// Whether the directory is there and private, checked at first use.
    var directoryUsable: Bool?

    /// How often, and how far apart, a writer tries the lock before leaving the file as it is.
    static let lockAttempts = 20
    static let lockRetryDelay = 0.025

    public init(directory: String, clock: any SessionClock = SystemClock()) {
        self.directory = directory
        self.clock = clock
    }

    /// `$XDG_CACHE_HOME/stackrun/tokens`, else `$HOME/.cache/stackrun/tokens`; nil with neither.
    /// A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
    public nonisolated static func defaultDirectory(environment: (String) -> String?) -> String? {
        if let cache = environment("XDG_CACHE_HOME"), cache.hasPrefix("/") { return cache + "/stackrun/tokens" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.cache/stackrun/tokens" }
        return nil
    }

    /// The file a key's token is kept in.
    public func path(for key: String) -> String { "\(directory)/\(SHA256.hex(key)).json" }

    public func load(cloud key: String) async -> StoredToken? {
        guard prepareDirectory() else { return nil }
        let path = path(for: key)
        guard let status = POSIXFile.status(path) else { return nil }
        if let problem = Self.distrust(status) {
            warn("token cache file ignored (\(problem)); a fresh token will replace it", path: path)
            return nil
        }
        do {
            guard let stored = Self.decode(try POSIXFile.readAll(path)) else {
                warn("token cache file ignored (not a token this runner wrote: corrupt or truncated); a fresh token will replace it",
                     path: path)
                return nil
            }
            return stored
        } catch {
            warn("token cache file ignored (\(error.reason))", path: path)
            return nil
        }
    }

    public func save(_ token: StoredToken, cloud key: String) async {
        guard prepareDirectory(), let bytes = Self.encode(token) else { return }
        let path = path(for: key)
        guard let lock = await lock(path + ".lock") else { return }
        defer { lock.unlock() }
        do {
            let writer = try AtomicFileWriter(path: path, permissions: 0o600)
            try writer.write(bytes)
            // Not durable: fsync would stall the loop, and a file lost in a crash costs one sign-in.
            try writer.commit(durable: false)
        } catch {
            warn("cannot write the token cache (\(error.reason)); the token is not kept", path: path)
        }
    }

    /// The lock on a key's file, tried without blocking a few times; nil when another run keeps
    /// it longer (that run is writing a token as fresh as ours) or it cannot be taken at all.
    private func lock(_ path: String) async -> FileLock? {
        for attempt in 1...Self.lockAttempts {
            do {
                if let lock = try FileLock.tryAcquire(path, permissions: 0o600) { return lock }
            } catch {
                warn("cannot lock the token cache (\(error.reason)); the token is not kept", path: path)
                return nil
            }
            if attempt == Self.lockAttempts { break }
            do { try await clock.sleep(seconds: Self.lockRetryDelay) } catch { return nil }
        }
        logger.info("token cache busy (another run holds its lock); this token is not kept", metadata: ["path": "\(path)"])
        return nil
    }

    func warn(_ message: String, path: String) {
        logger.warning("\(message)", metadata: ["path": "\(path)"])
    }
}
