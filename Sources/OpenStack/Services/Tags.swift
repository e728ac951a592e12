import JSONValue

extension Session {
    /// The tags of a resource (Nova servers, Neutron resources, Glance images).
    public func tags(_ kind: ResourceKind, _ id: String) async throws(OpenStackError) -> [String] {
        if kind.service == .image {
            return try await get(kind, id)["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        let answer = try await sendJSON(ServiceRequest(kind.service, "GET", kind.item(id, parent: nil) + "/tags"))
        return answer["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Adds one tag.
    public func addTag(_ kind: ResourceKind, _ id: String, _ tag: String) async throws(OpenStackError) {
        _ = try await send(ServiceRequest(kind.service, "PUT", kind.item(id, parent: nil) + "/tags/" + Self.percentEncoded(tag)))
    }

    public func removeTag(_ kind: ResourceKind, _ id: String, _ tag: String) async throws(OpenStackError) {
        _ = try await send(ServiceRequest(kind.service, "DELETE", kind.item(id, parent: nil) + "/tags/" + Self.percentEncoded(tag)))
    }

    /// Replaces all tags (not for images, which take them one by one).
    public func setTags(_ kind: ResourceKind, _ id: String, _ tags: [String]) async throws(OpenStackError) {
        if kind.service == .image {
            for tag in try await self.tags(kind, id) where !tags.contains(tag) { try await removeTag(kind, id, tag) }
            for tag in tags { try await addTag(kind, id, tag) }
            return
        }
        _ = try await send(ServiceRequest(kind.service, "PUT", kind.item(id, parent: nil) + "/tags",
                                          body: .json(["tags": .array(tags.map { JSON($0) })])))
    }
}
