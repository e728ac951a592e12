public import JSONValue

/// The token one create carries, so that when its answer is lost the resource it may have made
/// can be told apart from every other (one of the same name included) and adopted instead of
/// made a second time. Where the token goes is the kind's `MarkerStyle`; it is left on the
/// resource afterwards, where it is harmless (removing it would be one more write per create,
/// and a write that can fail as well).
public struct CreateMarker: Sendable, Equatable {
    /// The metadata key (Nova, Cinder) and the image property (Glance) that hold the token:
    /// plain letters and an underscore, which every service accepts as a key.
    public static let key = "stackrun_create"
    /// What a Neutron description and a Nova tag start with.
    static let prefix = "stackrun-create:"

    /// 32 hexadecimal digits: 128 random bits, so that no two creates share one.
    public let token: String

    public init(token: String) { self.token = token }

    public static func random() -> CreateMarker {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return CreateMarker(token: digits.joined())
    }

    /// `body` with the marker placed as `style` says, or nil when this body has no room for it:
    /// a description the script chose is kept as it is (a Neutron create with one carries no
    /// marker), and a `metadata` or `tags` that is not an object or an array is left for the
    /// service to refuse.
    public func marked(_ body: JSONObject, _ style: MarkerStyle) -> JSONObject? {
        var body = body
        switch style {
        case .metadata:
            guard var metadata = body["metadata"].map({ $0.objectValue }) ?? JSONObject() else { return nil }
            metadata[Self.key] = JSON(token)
            body["metadata"] = .object(metadata)
        case .property:
            body[Self.key] = JSON(token)
        case .description:
            if let given = body["description"], !given.isNull, given.stringValue != "" { return nil }
            body["description"] = JSON(Self.prefix + token)
        case .tag:
            // No kind uses it now; one that does must also send the create at the style's
            // microversion (the service refuses `tags` below it).
            guard var tags = body["tags"].map({ $0.arrayValue }) ?? [] else { return nil }
            tags.append(JSON(Self.prefix + token))
            body["tags"] = .array(tags)
        }
        return body
    }

    /// Whether `resource`, as a list returns it, carries this marker.
    public func isCarried(by resource: JSON, _ style: MarkerStyle) -> Bool {
        switch style {
        case .metadata:
            return resource["metadata"]?[Self.key]?.stringValue == token
        case .property:
            return resource[Self.key]?.stringValue == token
        case .description:
            return resource["description"]?.stringValue == Self.prefix + token
        case .tag:
            return resource["tags"]?.arrayValue?.contains(JSON(Self.prefix + token)) ?? false
        }
    }
}
