public import JSONValue

extension Session {
    /// POST /servers/{id}/action with `{name: body}` (Nova's actions answer 202, most without a body).
    public func serverAction(_ id: String, _ name: String, _ body: JSON = .null, microversion: String? = nil) async throws(OpenStackError) -> JSON {
        let request = ServiceRequest(.compute, "POST", Kinds.server.item(id, parent: nil) + "/action",
                                     body: .json([name: body]), microversion: microversion)
        return try await sendJSON(request)
    }

    /// The console output (`os-getConsoleOutput`), optionally only its last `lines`.
    public func consoleLog(_ id: String, lines: Int? = nil) async throws(OpenStackError) -> String {
        let body: JSON = lines.map { ["length": .int(Int64($0))] } ?? [:]
        let answer = try await serverAction(id, "os-getConsoleOutput", body)
        return answer["output"]?.stringValue ?? ""
    }

    /// Attaches a volume to a server; returns the attachment (with its device).
    public func attachVolume(server: String, volume: String, device: String? = nil) async throws(OpenStackError) -> JSON {
        var body: JSONObject = ["volumeId": JSON(volume)]
        if let device { body["device"] = JSON(device) }
        return try await create(Kinds.volumeAttachment, body, CallOptions(parent: server))
    }

    public func detachVolume(server: String, volume: String) async throws(OpenStackError) {
        try await delete(Kinds.volumeAttachment, volume, CallOptions(parent: server))
    }

    /// Creates a key pair. Without a public key, Nova generates one and returns the private key
    /// (only then, and only up to microversion 2.91).
    public func createKeypair(_ body: JSONObject) async throws(OpenStackError) -> JSON {
        try await create(Kinds.keypair, body)
    }

    /// Replaces or merges (`replace` false) a server's metadata; returns the result.
    public func setMetadata(server: String, _ metadata: JSONObject, replace: Bool) async throws(OpenStackError) -> JSON {
        let request = ServiceRequest(.compute, replace ? "PUT" : "POST", Kinds.server.item(server, parent: nil) + "/metadata",
                                     body: .json(["metadata": .object(metadata)]))
        return try await sendJSON(request)["metadata"] ?? [:]
    }
}
