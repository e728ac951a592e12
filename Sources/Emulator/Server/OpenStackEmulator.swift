import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// A running emulator: Keystone, Nova, Cinder, Neutron and Glance under one port, laid out as
/// devstack lays them out.
///
///     let emulator = try await OpenStackEmulator.start(EmulatorConfig(), port: 0)
///     // OS_AUTH_URL=\(emulator.authURL), user admin / password admin, project admin
///     await emulator.stop()
public final class OpenStackEmulator: Sendable {
    public let host: String
    public let port: Int
    /// Shared state, faults and stats, for in-process tests.
    public let environment: EmulatorEnvironment
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `http://host:port`, with no trailing slash.
    public var baseURL: String { environment.baseURL }
    /// What keystoneauth takes as OS_AUTH_URL for devstack: the identity root, from which it
    /// discovers v3.
    public var authURL: String { baseURL + "/" + IdentityService.prefix }
    public var cloud: CloudStore { environment.cloud }

    private init(host: String, port: Int, environment: EmulatorEnvironment, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.environment = environment
        self.group = group
        self.task = task
    }

    /// Binds `host:port` (0 picks a free port) and returns once the server accepts connections.
    /// Throws if the config is inconsistent or the address cannot be bound.
    public static func start(
        _ config: EmulatorConfig = EmulatorConfig(), host: String = "127.0.0.1", port: Int = 0,
        services: [any EmulatedService] = ServiceRegistry.standard, logger: Logger? = nil
    ) async throws -> OpenStackEmulator {
        var quiet = Logger(label: "stackrun.emulator")
        quiet.logLevel = .warning
        let logger = logger ?? quiet
        let environment = try EmulatorEnvironment(config: config, services: services)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: Dispatcher(environment: environment, logger: logger),
            server: .http1(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? port)
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            try await task.value
            throw EmulatorStartError(reason: "the server stopped before it was listening on \(host):\(port)")
        }
        let advertisedHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let hostPart = advertisedHost.contains(":") ? "[\(advertisedHost)]" : advertisedHost
        environment.setBaseURL(config.publicURL.map(Self.trimmingSlash) ?? "http://\(hostPart):\(boundPort)")
        return OpenStackEmulator(host: host, port: boundPort, environment: environment, group: group, task: task)
    }

    /// Stops accepting connections, lets requests in flight finish, and returns when the server is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Returns when the server stops (after `stop()`, or on a fatal server error, which it rethrows).
    public func waitUntilStopped() async throws {
        try await task.value
    }

    /// Back to the seeded state, with empty stats and the fault generator restarted.
    public func reset() throws {
        try environment.reset()
    }

    /// Replaces the fault plan, as `PUT /_emulator/faults` does.
    public func setFaults(_ plan: FaultPlan) {
        environment.faults.replace(with: plan)
    }

    /// The latest requests to the services, oldest first (`GET /_emulator/requests`).
    public func recentRequests() -> [RecordedRequest] {
        environment.journal.all
    }

    /// The document `GET /_emulator/stats` returns.
    public func stats() -> EmulatorJSON {
        environment.stats.json(resources: (try? environment.cloud.withState { $0.resourceCounts }) ?? [:])
    }

    private static func trimmingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

public struct EmulatorStartError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
