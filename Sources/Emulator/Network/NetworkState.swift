/// Neutron's part of the cloud. Phase 2 adds networks, subnets, ports, routers, floating IPs and
/// security groups here (the seeded `public` network and each project's default group included).
public final class NetworkState: ServiceState {
    init(seededIn cloud: CloudState) {}

    public var resourceCounts: [String: Int] { [:] }
}

extension CloudState {
    /// Neutron's part of the cloud.
    public var network: NetworkState { self[NetworkState.self] }
}
