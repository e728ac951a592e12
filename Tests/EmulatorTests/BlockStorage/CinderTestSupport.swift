import Emulator
import Foundation
import Testing

/// A logged-in Cinder caller: token, project, and helpers for `/volume/v3/{project}` paths.
struct CinderSession: Sendable {
    let cloud: TestCloud
    let token: String
    let projectID: String

    static func login(_ cloud: TestCloud, user: String = "admin", project: String = "admin") async throws -> CinderSession {
        let response = try await cloud.client.send(
            "POST", "/identity/v3/auth/tokens?nocatalog", json: TestCloud.passwordAuth(user: user, password: user, project: project))
        guard response.status == 201, let token = response.header("X-Subject-Token"),
            let projectID = try response.json["token"]?["project"]?["id"]?.stringValue
        else { throw WireError.malformed("login answered \(response.status)") }
        return CinderSession(cloud: cloud, token: token, projectID: projectID)
    }

    var root: String { "/volume/v3/\(projectID)" }

    func send(_ method: String, _ path: String, version: String? = nil, json: EmulatorJSON? = nil) async throws -> WireResponse {
        var headers = [("X-Auth-Token", token)]
        if let version { headers.append(("OpenStack-API-Version", "volume \(version)")) }
        if let json { return try await cloud.client.send(method, root + path, headers: headers, json: json) }
        return try await cloud.client.send(method, root + path, headers: headers)
    }

    /// Creates a volume and returns its id; fails the test unless Cinder answers 202.
    func createVolume(_ fields: EmulatorJSONObject = ["size": 1], version: String? = nil) async throws -> String {
        let response = try await send("POST", "/volumes", version: version, json: ["volume": .object(fields)])
        #expect(response.status == 202, "\(response.text)")
        guard let id = try response.json["volume"]?["id"]?.stringValue else { throw WireError.malformed(response.text) }
        return id
    }

    func volume(_ id: String, version: String? = nil) async throws -> EmulatorJSON {
        let response = try await send("GET", "/volumes/\(id)", version: version)
        guard response.status == 200, let volume = try response.json["volume"] else {
            throw WireError.malformed("GET volume answered \(response.status): \(response.text)")
        }
        return volume
    }

    func status(_ id: String) async throws -> String? {
        try await volume(id)["status"]?.stringValue
    }
}

extension EmulatorConfig {
    /// A config on a manual clock, for status machines stepped by hand.
    static func manual(_ clock: ManualClock, build: Double = 1) -> EmulatorConfig {
        var config = EmulatorConfig()
        config.clock = clock
        config.timings.buildSeconds = build
        return config
    }
}
