/// Glance's part of the cloud. Phase 2 adds images, their data, tags and members here (the
/// seeded `cirros` image included).
public final class ImageState: ServiceState {
    init(seededIn cloud: CloudState) {}

    public var resourceCounts: [String: Int] { [:] }
}

extension CloudState {
    /// Glance's part of the cloud.
    public var image: ImageState { self[ImageState.self] }
}
