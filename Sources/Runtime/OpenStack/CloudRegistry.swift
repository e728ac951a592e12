import JSONValue
public import Logging
public import OpenStack
public import Transport

/// The clouds of one run: the default one (what `nova.create` uses without `keystone.auth`),
/// named clouds from clouds.yaml, and the built-in emulator when asked for.
///
/// Everything here is single-flight: tasks that ask for the same cloud at once get the same
/// session (one token, one discovery per service), and an emulator is started once per run,
/// however many tasks race to be first.
@LoopActor
public final class CloudRegistry {
    /// `stackrun run --os-cloud NAME`, which wins over OS_CLOUD.
    public var preferredCloud: String?
    /// `stackrun run --emulator`: use the built-in emulator even when a cloud is configured.
    public var forceEmulator = false
    /// Keep tokens on disk between runs (`stackrun run` unless --no-token-cache), in the XDG
    /// cache directory of the environment (FileTokenStore). Off by default: a runtime made by a
    /// test or an embedding program writes nothing to the user's home unless asked.
    public var tokenCache = false
    private lazy var fileTokenStore: FileTokenStore? = FileTokenStore.defaultDirectory(environment: environment)
        .map { FileTokenStore(directory: $0) }
    /// The auth URL of the emulator this run started, whose tokens are never cached.
    private var emulatorAuthURL: String?
    /// `stackrun run --retries N`: how many times a failed request may be sent again, for every
    /// cloud of the run (over clouds.yaml's `api_retry_count`).
    public var retries: Int?
    /// `stackrun run --max-concurrency N`: requests in flight per service and cloud.
    public var maxConcurrency: Int?
    /// Why no cloud may be used at all (a recipe's declaration is read without one); nil: any.
    public var offline: String?
    /// Where the run journals what it creates and joins (`stackrun run` unless --no-journal);
    /// none for a runtime made by a test or an embedding program unless it sets one.
    public var journal: RunJournal?
    /// Counts every session's requests and changes for the run summary (`stackrun run`); nil
    /// for a runtime that keeps no summary.
    public var tally: RunTally?
    /// Told of every wait (a terminal's progress line); nil: nobody.
    public var waitObserver: (any WaitObserver)?
    /// `--debug`: shown every request of every cloud, and `http.request`'s (Runtime.traceHTTP);
    /// nil: a line per answer at debug level (RequestSummary).
    var tracer: (any RequestTracer)?
    /// The level of the one record per request (RequestSummary): debug unless the run asks
    /// for info (`--log-format json`, for collectors).
    public var requestLogLevel: Logger.Level = .debug
    /// The journal's key of each session's cloud ("c1", "c2"...), by the key below.
    private var journalKeys: [String: String] = [:]
    let environment: @Sendable (String) -> String?
    private var sessions: [String: Session] = [:]
    private var defaultSession: Task<Session, any Error>?
    private var emulator: Task<EmulatorProcess, any Error>?
    private let logger = Logger(label: "stackrun.clouds")

    init(environment: @escaping @Sendable (String) -> String? = Environment.value) {
        self.environment = environment
    }

    /// The session every module uses when the script did not choose a cloud.
    func defaultCloud() async throws(OpenStackError) -> Session {
        let task = defaultSession ?? Task { @LoopActor in try await self.session(for: try await self.defaultConfig()) }
        defaultSession = task
        do {
            return try await Self.value(of: task)
        } catch {
            // Not kept: a script that catches a failed first sign-in may try again later.
            if defaultSession == task { defaultSession = nil }
            throw error
        }
    }

    /// `--os-cloud`/OS_CLOUD from clouds.yaml; else the OS_* variables; else the emulator when
    /// asked for (`--emulator`, STACKRUN_EMULATOR=1). Nothing configured is an error: a cron job
    /// whose environment lost its cloud must fail, not succeed against a throwaway one.
    func defaultConfig() async throws(OpenStackError) -> CloudConfig {
        if forceEmulator { return try await emulatorConfig(reason: "--emulator was given") }
        if let asked = environment("STACKRUN_EMULATOR"), !asked.isEmpty {
            if ["1", "true", "yes"].contains(asked.lowercased()) { return try await emulatorConfig(reason: "STACKRUN_EMULATOR=\(asked)") }
            logger.warning("STACKRUN_EMULATOR is neither 1, true nor yes: ignored (STACKRUN_EMULATOR_BINARY names the emulator's executable)")
        }
        if let name = preferredCloud ?? environment("OS_CLOUD").flatMap({ $0.isEmpty ? nil : $0 }) {
            return try cloudsYAMLConfig(name)
        }
        if let entry = EnvironmentCloud.entry(environment: environment) {
            return try configuration { () throws(ConfigError) in try CloudConfig(entry: entry, name: "envvars") }
        }
        throw OpenStackError(.configuration, "no cloud is configured: set OS_CLOUD (or pass --os-cloud) to a clouds.yaml entry, "
            + "or set the OS_* variables (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME...); "
            + "to use the built-in emulator instead, pass --emulator or set STACKRUN_EMULATOR=1")
    }

    func cloudsYAMLConfig(_ name: String) throws(OpenStackError) -> CloudConfig {
        try configuration { () throws(ConfigError) in
            guard let found = try CloudsFile.entry(named: name, environment: environment) else {
                throw ConfigError("cloud '\(name)' was asked for, but there is no clouds.yaml (looked at OS_CLIENT_CONFIG_FILE, "
                    + "./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)")
            }
            return try CloudConfig(entry: found.entry, name: name)
        }
    }

    /// The run's emulator, started by the first task that needs it.
    func emulatorConfig(reason: String) async throws(OpenStackError) -> CloudConfig {
        let task = emulator ?? Task { @LoopActor in
            let started = try await EmulatorProcess.start()
            self.logger.info("\(reason): using the built-in OpenStack emulator at \(started.baseURL)")
            return started
        }
        emulator = task
        let config = try await Self.value(of: task).cloudConfig
        emulatorAuthURL = config.authURL
        return config
    }

    /// One session per cloud: per clouds.yaml name (so two `keystone.auth{cloud = "dr"}` share a
    /// token), and per explicit configuration (`key`: the whole entry a script gave, so tasks
    /// calling `keystone.auth{auth_url = ...}` alike share one too). The session is shared
    /// before it signs in, so tasks arriving meanwhile wait for that one sign-in (Session renews
    /// single-flight).
    func session(for config: CloudConfig, key: String? = nil) async throws(OpenStackError) -> Session {
        if let offline { throw OpenStackError(.configuration, offline) }
        let key = key ?? config.name
        let session = sessions[key] ?? newSession(config, key: key)
        sessions[key] = session
        try await session.authenticate()
        return session
    }

    /// A session with the run's own limits (`--retries`, `--max-concurrency`) over its cloud's.
    private func newSession(_ config: CloudConfig, key: String) -> Session {
        let signedIn = SessionReference()
        let journaled = changeRecorder(key, config, signedIn)
        let session = Session(config: config, seams: SessionSeams(tokenStore: tokenStore(for: config), metrics: tally ?? NoMetrics(),
                                                                  tracer: tracer ?? RequestSummary(level: requestLogLevel),
                                                                  changes: tally?.recorder(forwardingTo: journaled) ?? journaled,
                                                                  waits: waitObserver ?? NoWaitObserver()))
        signedIn.session = session
        // The run's count stands for every kind of retry, clouds.yaml's connect_retries too.
        if let retries { (session.retryPolicy.maxAttempts, session.retryPolicy.maxConnectRetries) = (retries + 1, nil) }
        if let maxConcurrency { session.maxConcurrentRequests = maxConcurrency }
        return session
    }

    /// The journal's recorder for the session of `key`, under a key of its own: the registry's
    /// key may be a whole configuration a script gave, which has no place in a file.
    private func changeRecorder(_ key: String, _ config: CloudConfig, _ signedIn: SessionReference) -> any ChangeRecorder {
        guard let journal else { return NoChangeRecorder() }
        let journalKey = "c\(journalKeys.count + 1)"
        journalKeys[key] = journalKey
        let ephemeral = config.authURL == emulatorAuthURL
        return journal.recorder(cloud: journalKey) {
            // Without the user and password an auth URL may carry: the journal keeps no secret.
            JournalCloud(name: config.name, authURL: redactingCredentials(config.authURL), region: config.region,
                         projectID: signedIn.session?.projectID, userID: signedIn.session?.userID, ephemeral: ephemeral)
        }
    }

    /// The sessions that recorded changes in the journal, by their journal key.
    func sessionsByJournalKey() -> [String: Session] {
        var found: [String: Session] = [:]
        for (key, journalKey) in journalKeys { found[journalKey] = sessions[key] }
        return found
    }

    /// Where a session's tokens are kept: nowhere for the emulator this run started. Its tokens
    /// die with it at the end of the run, and the next emulator listens on another port (another
    /// key): a cached one could never be used again, and would only fill the user's cache.
    private func tokenStore(for config: CloudConfig) -> any TokenStore {
        guard tokenCache, config.authURL != emulatorAuthURL, let store = fileTokenStore else { return NoTokenStore() }
        return store
    }

    private func configuration(_ build: () throws(ConfigError) -> CloudConfig) throws(OpenStackError) -> CloudConfig {
        do {
            return try build()
        } catch {
            throw OpenStackError(.configuration, error.message)
        }
    }

    private static func value<T>(of task: Task<T, any Error>) async throws(OpenStackError) -> T {
        do {
            return try await task.value
        } catch let error as OpenStackError {
            throw error
        } catch {
            throw OpenStackError(.configuration, "\(error)")
        }
    }
}

/// The session a journal recorder belongs to, known only once the session exists (it is made
/// with its recorder); held weakly, as the session holds the recorder.
@LoopActor
private final class SessionReference: Sendable {
    weak var session: Session?
}
