/// Glance: images. Uploads and downloads are named hooks (ImageData.swift): they stream files.
extension Kinds {
    public static let image: ResourceKind = {
        var kind = ResourceKind("image", .image, path: "/images", singular: nil, plural: "images")
        kind.paging = .glance
        kind.status = .init(ready: ["active"], failed: ["killed", "deactivated"], timeout: 600)
        kind.updateStyle = .jsonPatch
        kind.tagStyle = .tagField
        // Glance keeps extra properties given on create, and lists them with the image.
        kind.marker = .property
        kind.bulkStatus = .inOperator("id")
        return kind
    }()
}
