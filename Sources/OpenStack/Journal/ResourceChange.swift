public import JSONValue

/// A change a run made to a cloud, as its journal keeps it: enough to undo it later, in this
/// process or another (`stackrun cleanup`). Kinds are named as the catalogue names them
/// ("server", "security group rule"), resources by id.
public enum ResourceChange: Sendable, Equatable {
    /// The run is about to send a create carrying this marker (its id is still empty): written
    /// before the request, so that a create whose answer never comes (the run killed, the call
    /// cancelled, the answer lost for good) can still be found by its marker and undone.
    case creating(CreatedResource)
    /// The run created it (or adopted it after the create's answer was lost: the same thing).
    case created(CreatedResource)
    /// The run joined two resources: a volume attached, a router interface added, a floating
    /// IP associated.
    case linked(ResourceLink)
    /// The run undid such a join itself (the link named is the one the joining made).
    case unlinked(ResourceLink)
    /// The run deleted a resource it had created.
    case deleted(kind: String, id: String)
}

public struct CreatedResource: Sendable, Equatable {
    public var kind: String
    public var id: String
    public var name: String?
    /// The parent's id, for a nested kind.
    public var parent: String?
    /// The token the create carried (CreateMarker), when its kind has room for one.
    public var marker: String?
    /// A multiple create (Nova's min_count): one marker on several resources.
    public var multiple = false
    /// The ids of other resources of the run that its create named (the network of a subnet,
    /// the port of a server): those must outlive it, so a rollback deletes it first.
    public var uses: [String]

    public init(kind: String, id: String, name: String? = nil, parent: String? = nil, uses: [String] = [],
                marker: String? = nil, multiple: Bool = false) {
        (self.kind, self.id, self.name, self.parent, self.uses) = (kind, id, name, parent, uses)
        (self.marker, self.multiple) = (marker, multiple)
    }
}

/// One join between resources, named by the operation that makes it, its subject, and the
/// slots the undoing operation needs (the volume of an attachment, the subnet of an interface).
public struct ResourceLink: Sendable, Equatable, Hashable {
    public var kind: String
    public var operation: String
    public var subject: String
    public var slots: [String: String]

    public init(kind: String, operation: String, subject: String, slots: [String: String] = [:]) {
        (self.kind, self.operation, self.subject, self.slots) = (kind, operation, subject, slots)
    }
}

extension ResourceChange {
    /// The change as journal fields (beside the record's own: sequence, time, cloud).
    public var fields: JSONObject {
        switch self {
        case .created(let resource), .creating(let resource):
            var object: JSONObject = ["event": self.isCreating ? "creating" : "created", "kind": JSON(resource.kind)]
            if !resource.id.isEmpty { object["id"] = JSON(resource.id) }
            if let name = resource.name { object["name"] = JSON(name) }
            if let parent = resource.parent { object["parent"] = JSON(parent) }
            if !resource.uses.isEmpty { object["uses"] = .array(resource.uses.map { JSON($0) }) }
            if let marker = resource.marker { object["marker"] = JSON(marker) }
            if resource.multiple { object["multiple"] = true }
            return object
        case .linked(let link), .unlinked(let link):
            var object: JSONObject = ["event": self.isLinked ? "linked" : "unlinked", "kind": JSON(link.kind),
                                      "operation": JSON(link.operation), "id": JSON(link.subject)]
            if !link.slots.isEmpty {
                object["slots"] = .object(JSONObject(link.slots.sorted { $0.key < $1.key }.map { ($0.key, JSON($0.value)) }))
            }
            return object
        case .deleted(let kind, let id):
            return ["event": "deleted", "kind": JSON(kind), "id": JSON(id)]
        }
    }

    private var isLinked: Bool { if case .linked = self { true } else { false } }
    private var isCreating: Bool { if case .creating = self { true } else { false } }

    /// The change the fields describe; nil when they describe something else (or are damaged).
    public init?(fields object: JSON) {
        guard let event = object["event"]?.stringValue, let kind = object["kind"]?.stringValue else { return nil }
        let id = object["id"]?.stringValue ?? ""
        guard !id.isEmpty || event == "creating" else { return nil }
        switch event {
        case "created", "creating":
            let uses = object["uses"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let resource = CreatedResource(kind: kind, id: id, name: object["name"]?.stringValue, parent: object["parent"]?.stringValue,
                                           uses: uses, marker: object["marker"]?.stringValue, multiple: object["multiple"]?.boolValue ?? false)
            guard event == "created" || resource.marker != nil else { return nil }
            self = event == "created" ? .created(resource) : .creating(resource)
        case "linked", "unlinked":
            guard let operation = object["operation"]?.stringValue else { return nil }
            var slots: [String: String] = [:]
            for member in object["slots"]?.objectValue?.members ?? [] {
                if let value = member.value.stringValue { slots[member.key] = value }
            }
            let link = ResourceLink(kind: kind, operation: operation, subject: id, slots: slots)
            self = event == "linked" ? .linked(link) : .unlinked(link)
        case "deleted":
            self = .deleted(kind: kind, id: id)
        default:
            return nil
        }
    }
}
