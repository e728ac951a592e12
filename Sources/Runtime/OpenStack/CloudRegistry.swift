import JSONValue
import Logging
import OpenStack
public import Transport

/// The clouds of one run: the default one (what `nova.create` uses without `keystone.auth`),
/// named clouds from clouds.yaml, and the built-in emulator when nothing is configured.
@LoopActor
public final class CloudRegistry {
    /// `stackrun run --os-cloud NAME`, which wins over OS_CLOUD.
    public var preferredCloud: String?
    /// `stackrun run --emulator`: use the built-in emulator even when a cloud is configured.
    public var forceEmulator = false
    let environment: @Sendable (String) -> String?
    private var sessions: [String: Session] = [:]
    private var defaultSession: Session?
    private var emulator: EmulatorProcess?
    private let logger = Logger(label: "stackrun.clouds")

    init(environment: @escaping @Sendable (String) -> String? = Environment.value) {
        self.environment = environment
    }

    /// The session every module uses when the script did not choose a cloud.
    func defaultCloud() async throws(OpenStackError) -> Session {
        if let defaultSession { return defaultSession }
        let session = try await session(for: try await defaultConfig())
        defaultSession = session
        return session
    }

    /// `--os-cloud`/OS_CLOUD from clouds.yaml; else the OS_* variables; else the emulator.
    func defaultConfig() async throws(OpenStackError) -> CloudConfig {
        if forceEmulator { return try await emulatorConfig(reason: "--emulator was given") }
        if let name = preferredCloud ?? environment("OS_CLOUD").flatMap({ $0.isEmpty ? nil : $0 }) {
            return try cloudsYAMLConfig(name)
        }
        if let entry = EnvironmentCloud.entry(environment: environment) {
            return try configuration { () throws(ConfigError) in try CloudConfig(entry: entry, name: "envvars") }
        }
        return try await emulatorConfig(reason: "no cloud is configured (no --os-cloud, OS_CLOUD or OS_AUTH_URL)")
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

    func emulatorConfig(reason: String) async throws(OpenStackError) -> CloudConfig {
        if let emulator { return emulator.cloudConfig }
        let started = try await EmulatorProcess.start()
        emulator = started
        logger.info("\(reason): using the built-in OpenStack emulator at \(started.baseURL)")
        return started.cloudConfig
    }

    /// One session per configured cloud name (so two `keystone.auth{cloud = "dr"}` share a token),
    /// a new one for each explicit configuration.
    func session(for config: CloudConfig) async throws(OpenStackError) -> Session {
        let key = config.name
        if ["script"].contains(key) == false, let existing = sessions[key] { return existing }
        let session = Session(config: config)
        try await session.authenticate()
        if key != "script" { sessions[key] = session }
        return session
    }

    private func configuration(_ build: () throws(ConfigError) -> CloudConfig) throws(OpenStackError) -> CloudConfig {
        do {
            return try build()
        } catch {
            throw OpenStackError(.configuration, error.message)
        }
    }
}
