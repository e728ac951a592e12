/// Cinder's part of the cloud. Phase 2 adds volumes, snapshots, volume types and quotas here.
public final class BlockStorageState: ServiceState {
    init(seededIn cloud: CloudState) {}

    public var resourceCounts: [String: Int] { [:] }
}

extension CloudState {
    /// Cinder's part of the cloud.
    public var blockStorage: BlockStorageState { self[BlockStorageState.self] }
}
