import Synchronization

/// What every request shares: the configuration, the cloud, the faults, the stats, and the
/// server's address (known once the port is bound).
public final class EmulatorEnvironment: Sendable {
    public let config: EmulatorConfig
    public let cloud: CloudStore
    public let faults: FaultInjector
    let stats = StatsRecorder()
    let journal = RequestJournal()
    let services: [any EmulatedService]
    private let address = Mutex("http://127.0.0.1")

    init(config: EmulatorConfig, services: [any EmulatedService]) throws {
        self.config = config
        self.services = services
        let faults = FaultInjector(plan: config.faults, seed: config.seed)
        self.faults = faults
        cloud = try CloudStore(clock: config.clock, pageSize: config.pageSize) { now in
            try CloudState(config: config, services: services, faults: faults, now: now)
        }
    }

    /// `http://host:port`, with no trailing slash: the root of every URL in bodies and the catalog.
    public var baseURL: String { address.withLock { $0 } }

    func setBaseURL(_ url: String) {
        address.withLock { $0 = url }
    }

    /// Counted in `/_emulator/stats`; Identity calls it for each token it issues.
    public func recordTokenIssued() { stats.recordTokenIssued() }

    /// Seeded state, empty stats, and the fault generator back at the start of its sequence.
    func reset() throws {
        try cloud.reset()
        stats.reset()
        journal.reset()
        faults.restart()
    }
}
