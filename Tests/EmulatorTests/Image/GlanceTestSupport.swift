import Emulator
import Foundation
import Testing

/// A logged-in Glance caller. Glance answers errors in HTML unless asked for JSON, so `json`
/// decides the Accept header.
struct GlanceSession: Sendable {
    let cloud: TestCloud
    let token: String
    let projectID: String

    static func login(_ cloud: TestCloud, user: String = "admin", project: String = "admin") async throws -> GlanceSession {
        let response = try await cloud.client.send(
            "POST", "/identity/v3/auth/tokens?nocatalog", json: TestCloud.passwordAuth(user: user, password: user, project: project))
        guard response.status == 201, let token = response.header("X-Subject-Token"),
            let projectID = try response.json["token"]?["project"]?["id"]?.stringValue
        else { throw WireError.malformed("login answered \(response.status)") }
        return GlanceSession(cloud: cloud, token: token, projectID: projectID)
    }

    func send(_ method: String, _ path: String, acceptJSON: Bool = true, headers: [(String, String)] = [], body: [UInt8]? = nil)
        async throws -> WireResponse
    {
        var all = [("X-Auth-Token", token)] + headers
        if acceptJSON { all.append(("Accept", "application/json")) }
        return try await cloud.client.send(method, "/image" + path, headers: all, body: body)
    }

    func send(_ method: String, _ path: String, json: EmulatorJSON, contentType: String = "application/json") async throws -> WireResponse {
        try await send(method, path, headers: [("Content-Type", contentType)], body: Array(json.serialized().utf8))
    }

    /// Creates an image and returns its id.
    func createImage(_ fields: EmulatorJSONObject = ["name": "test", "disk_format": "raw", "container_format": "bare"]) async throws -> String {
        let response = try await send("POST", "/v2/images", json: .object(fields))
        #expect(response.status == 201, "\(response.text)")
        guard let id = try response.json["id"]?.stringValue else { throw WireError.malformed(response.text) }
        return id
    }

    func upload(_ id: String, _ bytes: [UInt8]) async throws -> WireResponse {
        try await send("PUT", "/v2/images/\(id)/file", headers: [("Content-Type", "application/octet-stream")], body: bytes)
    }
}
