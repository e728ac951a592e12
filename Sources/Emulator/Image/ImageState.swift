import Foundation

/// Glance's part of the cloud: images, their tags and properties, and where their data is.
/// Uploaded data lives in files under a temporary directory of this state, removed with it.
public final class ImageState: ServiceState {
    var images: [String: ImageRecord] = [:]
    /// Image ids in creation order (lists show the newest first).
    var imageOrder: [String] = []
    let dataDirectory: String
    /// The seeded image's size: 1 MiB of a fixed pattern, as realstack's fake `cirros`.
    static let cirrosSize = 1 << 20
    static let cirrosID = Identifiers.stableUUID("image:cirros")

    init(seededIn cloud: CloudState) {
        dataDirectory = NSTemporaryDirectory() + "stackrun-emulator-images-" + Identifiers.uuid()
        let digests = ImagePattern.cirrosDigests
        let seeded = ImageRecord(
            id: Self.cirrosID, name: "cirros", diskFormat: "raw", containerFormat: "bare", visibility: "public",
            size: Self.cirrosSize, virtualSize: Self.cirrosSize, status: "active", checksum: digests.md5, isProtected: false,
            minRAM: 0, minDisk: 0, owner: cloud.identity.projects.values.first { $0.name == "admin" }?.id, hidden: false,
            hashAlgorithm: "sha512", hashValue: digests.sha512, createdAt: cloud.now, updatedAt: cloud.now, tags: [],
            properties: [:], data: .pattern(size: Self.cirrosSize))
        images[seeded.id] = seeded
        imageOrder.append(seeded.id)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    public var resourceCounts: [String: Int] { ["image": images.count] }

    /// Whether a project sees an image: its own, public and community ones, or any for an admin.
    func isVisible(_ image: ImageRecord, projectID: String?, isAdmin: Bool) -> Bool {
        isAdmin || image.owner == projectID || image.visibility == "public" || image.visibility == "community"
    }

    func visibleImage(_ id: String, auth: AuthContext) throws(ServiceError) -> ImageRecord {
        guard let image = images[id], isVisible(image, projectID: auth.projectID, isAdmin: auth.isAdmin) else {
            throw ServiceError.notFound("No image found with ID \(id)")
        }
        return image
    }

    /// Nova and Cinder's view of an image: Glance's JSON for one `projectID` can see, or nil.
    public func image(id: String, projectID: String) -> EmulatorJSON? {
        guard let image = images[id], isVisible(image, projectID: projectID, isAdmin: false) else { return nil }
        return ImageView.render(image)
    }

    func removeImage(_ id: String) {
        images[id] = nil
        imageOrder.removeAll { $0 == id }
    }

    /// A new path for uploaded data; the directory is made on first use.
    func newDataPath(for id: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return dataDirectory + "/" + id + "-" + Identifiers.uuid()
    }
}

extension CloudState {
    /// Glance's part of the cloud.
    public var image: ImageState { self[ImageState.self] }
}
