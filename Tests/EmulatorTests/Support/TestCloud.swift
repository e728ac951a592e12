import Emulator
import Foundation

/// An emulator on a random loopback port, with a client and login helpers.
struct TestCloud: Sendable {
    let emulator: OpenStackEmulator
    let client: WireClient

    /// Starts an emulator, runs `body`, and stops it whatever happens.
    static func run<T: Sendable>(_ config: EmulatorConfig = EmulatorConfig(), _ body: (TestCloud) async throws -> T) async throws -> T {
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        let cloud = TestCloud(emulator: emulator, client: WireClient(port: emulator.port))
        do {
            let result = try await body(cloud)
            await emulator.stop()
            return result
        } catch {
            await emulator.stop()
            throw error
        }
    }

    var base: String { emulator.baseURL }

    /// `admin`/`admin` stands for the seeded admin, whose password may be another
    /// (TestEnvironment.adminPassword).
    static func passwordAuth(user: String, password: String, project: String? = nil) -> EmulatorJSON {
        let password = user == "admin" && password == "admin" ? TestEnvironment.adminPassword : password
        var auth: EmulatorJSONObject = [
            "identity": [
                "methods": ["password"],
                "password": ["user": ["name": .string(user), "domain": ["name": "Default"], "password": .string(password)]],
            ],
        ]
        if let project { auth["scope"] = ["project": ["name": .string(project), "domain": ["name": "Default"]]] }
        return ["auth": .object(auth)]
    }

    /// Issues a token; fails the test unless Keystone answers 201.
    func token(user: String = "admin", password: String? = nil, project: String? = "admin") async throws -> String {
        let response = try await client.send(
            "POST", "/identity/v3/auth/tokens?nocatalog",
            json: Self.passwordAuth(user: user, password: password ?? user, project: project))
        guard response.status == 201, let token = response.header("X-Subject-Token") else {
            throw WireError.malformed("token issue answered \(response.status): \(response.text)")
        }
        return token
    }

    func stats() async throws -> EmulatorJSON {
        try await client.get("/_emulator/stats").json
    }
}
