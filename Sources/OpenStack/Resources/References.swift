public import JSONValue

/// An option of a create call that names another resource: `network = "web"` becomes
/// `network_id = "<id of web>"`. Declared per kind, resolved by one function.
public struct Reference: Sendable {
    /// The option a script writes ("network").
    public let option: String
    /// The API field it fills ("network_id").
    public let field: String
    public let kind: ResourceKind
    /// Which field of the found resource to use.
    public var value = "id"

    public init(_ option: String, _ field: String, _ kind: ResourceKind, value: String = "id") {
        self.option = option
        self.field = field
        self.kind = kind
        self.value = value
    }
}

extension Kinds {
    /// The references each kind's create and update accept, by kind name.
    public static func references(of kind: ResourceKind) -> [Reference] {
        switch kind.name {
        case "subnet": [Reference("network", "network_id", network)]
        case "port": [Reference("network", "network_id", network)]
        case "floating IP": [Reference("network", "floating_network_id", network), Reference("port", "port_id", port)]
        case "security group rule": [Reference("security_group", "security_group_id", securityGroup),
                                     Reference("remote_group", "remote_group_id", securityGroup)]
        case "volume": [Reference("image", "imageRef", image), Reference("snapshot", "snapshot_id", snapshot),
                        Reference("source_volume", "source_volid", volume)]
        case "snapshot": [Reference("volume", "volume_id", volume)]
        default: []
        }
    }
}

extension Session {
    /// Replaces each reference option in `body` by the id of what it names (a string, or a list
    /// of strings for list fields).
    public func resolving(_ references: [Reference], in body: JSONObject) async throws(OpenStackError) -> JSONObject {
        var result = body
        for reference in references {
            guard let value = result[reference.option] else { continue }
            result[reference.option] = nil
            result[reference.field] = try await resolve(value, reference)
        }
        return result
    }

    private func resolve(_ value: JSON, _ reference: Reference) async throws(OpenStackError) -> JSON {
        switch value {
        case .string(let bytes):
            let name = String(decoding: bytes, as: UTF8.self)
            let found = try await find(reference.kind, name)
            guard let id = found[reference.value] else {
                throw OpenStackError(.http, "\(reference.kind.name) '\(name)' has no \(reference.value)", service: reference.kind.service.projectName)
            }
            return id
        case .array(let items):
            var ids: [JSON] = []
            for item in items { ids.append(try await resolve(item, reference)) }
            return .array(ids)
        case .object(let object):
            // A resource table passed as is: use its id.
            guard let id = object[reference.value] else {
                throw OpenStackError(.invalidArgument, "'\(reference.option)' is a table without '\(reference.value)'")
            }
            return id
        default:
            throw OpenStackError(.invalidArgument, "'\(reference.option)' must name a \(reference.kind.name) (an id or a name), got \(value.kindName)")
        }
    }
}
