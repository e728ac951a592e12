public import JSONValue

extension Session {
    /// POST /volumes/{id}/action.
    public func volumeAction(_ id: String, _ name: String, _ body: JSON) async throws(OpenStackError) -> JSON {
        try await sendJSON(ServiceRequest(.blockStorage, "POST", Kinds.volume.item(id, parent: nil) + "/action",
                                          body: .json([name: body])))
    }

    /// Grows a volume to `size` GiB.
    public func extendVolume(_ id: String, size: Int64) async throws(OpenStackError) {
        _ = try await volumeAction(id, "os-extend", ["new_size": .int(size)])
    }
}
