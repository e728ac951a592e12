import Emulator
import Foundation

/// Nova requests for tests: a logged-in user, a microversion, and JSON in and out.
struct NovaClient {
    let cloud: TestCloud
    let token: String
    let projectID: String
    let userID: String
    var version: String?

    static func login(_ cloud: TestCloud, user: String = "admin", version: String? = nil) async throws -> NovaClient {
        let response = try await cloud.client.send(
            "POST", "/identity/v3/auth/tokens?nocatalog", json: TestCloud.passwordAuth(user: user, password: user, project: user))
        guard response.status == 201, let token = response.header("X-Subject-Token"),
            let project = try response.json["token"]?["project"]?["id"]?.stringValue,
            let userID = try response.json["token"]?["user"]?["id"]?.stringValue
        else { throw WireError.malformed("login as \(user) answered \(response.status)") }
        return NovaClient(cloud: cloud, token: token, projectID: project, userID: userID, version: version)
    }

    func at(_ version: String?) -> NovaClient {
        var copy = self
        copy.version = version
        return copy
    }

    private var headers: [(String, String)] {
        var headers = [("X-Auth-Token", token)]
        if let version { headers.append(("OpenStack-API-Version", "compute \(version)")) }
        return headers
    }

    func get(_ path: String) async throws -> WireResponse {
        try await cloud.client.get("/compute/v2.1" + path, headers: headers)
    }

    func send(_ method: String, _ path: String, _ body: EmulatorJSON? = nil) async throws -> WireResponse {
        if let body { return try await cloud.client.send(method, "/compute/v2.1" + path, headers: headers, json: body) }
        return try await cloud.client.send(method, "/compute/v2.1" + path, headers: headers)
    }

    func post(_ path: String, _ body: EmulatorJSON) async throws -> WireResponse { try await send("POST", path, body) }

    /// Sends raw text as the body, for malformed and oddly typed requests.
    func post(_ path: String, raw: String) async throws -> WireResponse {
        try await cloud.client.send(
            "POST", "/compute/v2.1" + path, headers: headers + [("Content-Type", "application/json")], body: Array(raw.utf8))
    }

    /// Creates a server without networks from the seeded image; returns its id.
    func createServer(_ name: String = "vm", flavor: String = "1", extra: EmulatorJSONObject = [:]) async throws -> String {
        var server: EmulatorJSONObject = ["name": .string(name), "imageRef": .string(try await imageID()), "flavorRef": .string(flavor), "networks": "none"]
        for (key, value) in extra { server[key] = value }
        let response = try await at(version ?? "2.93").post("/servers", ["server": .object(server)])
        guard response.status == 202, let id = try response.json["server"]?["id"]?.stringValue else {
            throw WireError.malformed("server create answered \(response.status): \(response.text)")
        }
        return id
    }

    func server(_ id: String) async throws -> EmulatorJSON {
        let response = try await get("/servers/\(id)")
        guard response.status == 200, let server = try response.json["server"] else {
            throw WireError.malformed("server show answered \(response.status): \(response.text)")
        }
        return server
    }

    func status(_ id: String) async throws -> String {
        try await server(id)["status"]?.stringValue ?? ""
    }

    func action(_ id: String, _ body: EmulatorJSON) async throws -> WireResponse {
        try await post("/servers/\(id)/action", body)
    }

    /// The seeded `cirros` image, from Glance.
    func imageID() async throws -> String {
        let response = try await cloud.client.get("/image/v2/images?name=cirros", headers: [("X-Auth-Token", token)])
        guard let id = try response.json["images"]?.arrayValue?.first?["id"]?.stringValue else {
            throw WireError.malformed("no cirros image: \(response.text)")
        }
        return id
    }
}

extension EmulatorJSON {
    /// The member names of an object, in order.
    var keys: [String] { objectValue?.keys ?? [] }
}

/// A cloud on a manual clock, so that tests step servers through their states.
enum ManualCloud {
    static func config(buildSeconds: Double = 2, deleteSeconds: Double = 1, compute: EmulatorJSONObject? = nil) -> (EmulatorConfig, ManualClock) {
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        config.timings.buildSeconds = buildSeconds
        config.timings.deleteSeconds = deleteSeconds
        if let compute { config.serviceSections["compute"] = compute }
        return (config, clock)
    }
}
