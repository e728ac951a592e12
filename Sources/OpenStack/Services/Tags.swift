import JSONValue

extension Session {
    /// The tags of a resource, as its kind's tag style reads them.
    public func tags(_ kind: ResourceKind, _ id: String) async throws(OpenStackError) -> [String] {
        try Self.checkTagged(kind)
        if kind.tagStyle == .tagField {
            return try await get(kind, id)["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let answer = try await sendJSON(ServiceRequest(kind.service, "GET", kind.item(id, parent: nil) + "/tags"))
        return answer["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Adds one tag.
    public func addTag(_ kind: ResourceKind, _ id: String, _ tag: String) async throws(OpenStackError) {
        try Self.checkTagged(kind)
        _ = try await send(ServiceRequest(kind.service, "PUT", kind.item(id, parent: nil) + "/tags/" + Self.percentEncoded(tag)))
    }

    public func removeTag(_ kind: ResourceKind, _ id: String, _ tag: String) async throws(OpenStackError) {
        try Self.checkTagged(kind)
        _ = try await send(ServiceRequest(kind.service, "DELETE", kind.item(id, parent: nil) + "/tags/" + Self.percentEncoded(tag)))
    }

    /// Replaces all tags: in one call where the tags are a collection, one by one where they are
    /// a field (Glance changes them only one at a time).
    public func setTags(_ kind: ResourceKind, _ id: String, _ tags: [String]) async throws(OpenStackError) {
        try Self.checkTagged(kind)
        if kind.tagStyle == .tagField {
            for tag in try await self.tags(kind, id) where !tags.contains(tag) { try await removeTag(kind, id, tag) }
            for tag in tags { try await addTag(kind, id, tag) }
            return
        }
        _ = try await send(ServiceRequest(kind.service, "PUT", kind.item(id, parent: nil) + "/tags",
                                          body: .json(["tags": .array(tags.map { JSON($0) })])))
    }

    private nonisolated static func checkTagged(_ kind: ResourceKind) throws(OpenStackError) {
        guard kind.tagStyle == .none else { return }
        throw OpenStackError(.invalidArgument, "\(kind.name)s have no tags", service: kind.service.projectName)
    }
}
