public import JSONValue
import Transport

extension Session {
    /// The body of `POST /servers` from a script's options (the `serverBody` hook): `image` and
    /// `flavor` are the kind's declared references; `network` or `networks` may name networks and
    /// ports, resolved alongside them; `security_groups` are sent by name, as Nova takes them;
    /// `user_data` is Base64-encoded unless it already is; anything else goes as written.
    func serverBody(_ options: JSONObject) async throws(OpenStackError) -> JSONObject {
        var body = options
        guard body["name"]?.stringValue != nil else {
            throw OpenStackError(.invalidArgument, "a server needs a name", service: "nova")
        }
        let single = body.take("network")
        let networks = body.take("networks") ?? single.map { JSON.array([$0]) }
        // The networks are looked up while the declared references (image, flavor) are. Not
        // through `concurrently`: Swift 6.3.1 crashes (signal 11 in IRGen) on the array of
        // typed-throws closures that would take here.
        let requested = networks ?? .null
        let networkLookup = Task { @LoopActor in try await self.networksField(requested) }
        // Cancelled with the call, and when the declared references fail.
        do {
            try await withTaskCancellationHandler { () async throws in
                body = try await resolvingReferences(of: Kinds.server, in: body)
                body["networks"] = try await networkLookup.value
            } onCancel: {
                networkLookup.cancel()
            }
        } catch {
            networkLookup.cancel()
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)", service: "nova")
        }
        if let groups = body["security_groups"]?.arrayValue {
            body["security_groups"] = .array(groups.map { $0.stringValue.map { ["name": JSON($0)] } ?? $0 })
        }
        if let text = body["user_data"]?.stringValue, !Base64.isEncoded(text) {
            body["user_data"] = JSON(Base64.encode(Array(text.utf8)))
        }
        return body
    }

    /// The `networks` field: Nova needs one from 2.37 on, so without any, "auto" lets it pick,
    /// as the CLI does.
    private func networksField(_ networks: JSON) async throws(OpenStackError) -> JSON {
        networks.isNull ? "auto" : try await serverNetworks(networks)
    }

    /// The keys of an entry of Nova's `networks` (and `network`, which names its network here).
    private static let networkEntryKeys = ["network", "uuid", "port", "fixed_ip", "tag"]

    /// `networks`: "auto", "none", or a list of network names/ids/tables, `{port = ...}`, `{uuid = ..., fixed_ip = ...}`.
    private func serverNetworks(_ value: JSON) async throws(OpenStackError) -> JSON {
        if let word = value.stringValue, word == "auto" || word == "none" { return value }
        guard let items = value.arrayValue else {
            throw OpenStackError(.invalidArgument, "'networks' must be \"auto\", \"none\" or a list", service: "nova")
        }
        var result: [JSON] = []
        for item in items {
            if let name = item.stringValue {
                result.append(["uuid": try await resolveID(JSON(name), Kinds.network, option: "network")])
            } else if let object = item.objectValue, object["id"] != nil, Self.networkEntryKeys.allSatisfy({ object[$0] == nil }) {
                // A network as a create or get returned it, like any other reference.
                result.append(["uuid": try await resolveID(item, Kinds.network, option: "network")])
            } else if var object = item.objectValue {
                if let network = object.take("network") { object["uuid"] = try await resolveID(network, Kinds.network, option: "network") }
                if let port = object["port"], port.stringValue != nil {
                    object["port"] = try await resolveID(port, Kinds.port, option: "port")
                }
                result.append(.object(object))
            } else {
                throw OpenStackError(.invalidArgument, "each network must be a name, an id or a table", service: "nova")
            }
        }
        return .array(result)
    }
}

extension JSONObject {
    /// Removes and returns the member `key`.
    public mutating func take(_ key: String) -> JSON? {
        let value = self[key]
        self[key] = nil
        return value
    }
}
