import Emulator
import Testing

/// Neutron calls as one user, over HTTP, for the network tests.
struct NeutronSession: Sendable {
    let cloud: TestCloud
    let token: String

    static func admin(_ cloud: TestCloud) async throws -> NeutronSession {
        NeutronSession(cloud: cloud, token: try await cloud.token())
    }

    static func demo(_ cloud: TestCloud) async throws -> NeutronSession {
        NeutronSession(cloud: cloud, token: try await cloud.token(user: "demo", project: "demo"))
    }

    private var auth: [(String, String)] { [("X-Auth-Token", token)] }

    func get(_ path: String) async throws -> WireResponse {
        try await cloud.client.get("/network/v2.0" + path, headers: auth)
    }

    func post(_ path: String, _ body: EmulatorJSON) async throws -> WireResponse {
        try await cloud.client.send("POST", "/network/v2.0" + path, headers: auth, json: body)
    }

    func put(_ path: String, _ body: EmulatorJSON? = nil) async throws -> WireResponse {
        if let body { return try await cloud.client.send("PUT", "/network/v2.0" + path, headers: auth, json: body) }
        return try await cloud.client.send("PUT", "/network/v2.0" + path, headers: auth)
    }

    func delete(_ path: String) async throws -> WireResponse {
        try await cloud.client.send("DELETE", "/network/v2.0" + path, headers: auth)
    }

    /// Creates a resource and returns its object; fails the test unless Neutron answers 201.
    func create(_ collection: String, _ resource: String, _ attributes: EmulatorJSON) async throws -> EmulatorJSON {
        let response = try await post("/" + collection, [resource: attributes])
        guard response.status == 201, let object = try response.json[resource] else {
            throw WireError.malformed("creating \(resource) answered \(response.status): \(response.text)")
        }
        return object
    }

    /// A network with one IPv4 subnet; returns both ids.
    func networkWithSubnet(_ name: String, cidr: String, extra: EmulatorJSONObject = [:]) async throws -> (network: String, subnet: String) {
        let network = try await create("networks", "network", ["name": .string(name)])
        var subnet: EmulatorJSONObject = ["network_id": network["id"] ?? nil, "cidr": .string(cidr), "ip_version": 4]
        for (key, value) in extra { subnet[key] = value }
        let created = try await create("subnets", "subnet", .object(subnet))
        return (network["id"]?.stringValue ?? "", created["id"]?.stringValue ?? "")
    }
}

extension WireResponse {
    /// The NeutronError body's type and message.
    var neutronError: (type: String, message: String)? {
        guard let error = try? json["NeutronError"] else { return nil }
        return (error["type"]?.stringValue ?? "", error["message"]?.stringValue ?? "")
    }
}

/// Expects a Neutron error with this status, type and message.
func expectNeutronError(
    _ response: WireResponse, _ status: Int, _ type: String, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
    #expect(response.neutronError?.type == type, "\(response.text)", sourceLocation: sourceLocation)
    if let message { #expect(response.neutronError?.message == message, sourceLocation: sourceLocation) }
    #expect(response.text.hasSuffix(", \"detail\": \"\"}}"), sourceLocation: sourceLocation)
}

extension EmulatorJSON {
    /// An element of an array, nil past its end or for a value that is not an array.
    subscript(index: Int) -> EmulatorJSON? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
