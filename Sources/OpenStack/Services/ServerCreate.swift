public import JSONValue

extension Session {
    /// The body of `POST /servers` from a script's options: `image`, `flavor`, `network` or
    /// `networks`, `security_groups` and `volume` may name resources (resolved to ids); `user_data`
    /// is Base64-encoded unless it already is; anything else goes to the API as written.
    public func serverBody(_ options: JSONObject) async throws(OpenStackError) -> JSONObject {
        var body = options
        guard body["name"]?.stringValue != nil else {
            throw OpenStackError(.invalidArgument, "a server needs a name", service: "nova")
        }
        if let image = body.take("image") {
            body["imageRef"] = try await resolveID(image, Kinds.image, option: "image")
        }
        if let flavor = body.take("flavor") {
            body["flavorRef"] = try await resolveID(flavor, Kinds.flavor, option: "flavor")
        }
        let single = body.take("network")
        if let networks = body.take("networks") ?? single.map({ JSON.array([$0]) }) {
            body["networks"] = try await serverNetworks(networks)
        } else if body["networks"] == nil {
            body["networks"] = "auto" // Nova needs the field from 2.37 on: let it pick, as the CLI does
        }
        if let groups = body["security_groups"]?.arrayValue {
            body["security_groups"] = .array(groups.map { $0.stringValue.map { ["name": JSON($0)] } ?? $0 })
        }
        if let text = body["user_data"]?.stringValue, !Base64.isEncoded(text) {
            body["user_data"] = JSON(Base64.encode(Array(text.utf8)))
        }
        return body
    }

    /// `networks`: "auto", "none", or a list of network names/ids, `{port = ...}`, `{uuid = ..., fixed_ip = ...}`.
    private func serverNetworks(_ value: JSON) async throws(OpenStackError) -> JSON {
        if let word = value.stringValue, word == "auto" || word == "none" { return value }
        guard let items = value.arrayValue else {
            throw OpenStackError(.invalidArgument, "'networks' must be \"auto\", \"none\" or a list", service: "nova")
        }
        var result: [JSON] = []
        for item in items {
            if let name = item.stringValue {
                result.append(["uuid": try await resolveID(JSON(name), Kinds.network, option: "network")])
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

    /// The id of what `value` names (an id, a name, or a resource table).
    public func resolveID(_ value: JSON, _ kind: ResourceKind, option: String) async throws(OpenStackError) -> JSON {
        if let table = value.objectValue, let id = table[kind.idField] { return id }
        guard let reference = value.stringValue ?? value.intValue.map({ String($0) }) else {
            throw OpenStackError(.invalidArgument, "'\(option)' must name a \(kind.name), got \(value.kindName)", service: kind.service.projectName)
        }
        let found = try await find(kind, reference)
        guard let id = found[kind.idField] else {
            throw OpenStackError(.http, "\(kind.name) '\(reference)' has no \(kind.idField)", service: kind.service.projectName)
        }
        return id
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
