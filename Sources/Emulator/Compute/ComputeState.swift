/// Nova's part of the cloud. Phase 2 adds flavors, servers, keypairs, attachments and quotas here.
public final class ComputeState: ServiceState {
    init(seededIn cloud: CloudState) {}

    public var resourceCounts: [String: Int] { [:] }
}

extension CloudState {
    /// Nova's part of the cloud.
    public var compute: ComputeState { self[ComputeState.self] }
}
