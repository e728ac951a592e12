import Emulator
import JSONValue
import OpenStack
import Transport

/// An emulator started in-process on a free loopback port for one test, and stopped after.
@LoopActor
func withEmulator<T>(
    tokenTTL: Double = 3600, configure: (inout EmulatorConfig) -> Void = { _ in },
    _ body: @LoopActor (OpenStackEmulator) async throws -> T
) async throws -> T {
    var config = EmulatorConfig()
    config.timings.tokenTTL = tokenTTL
    configure(&config)
    let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    do {
        let result = try await body(emulator)
        await emulator.stop()
        return result
    } catch {
        await emulator.stop()
        throw error
    }
}

extension OpenStackEmulator {
    /// The cloud configuration of a seeded user.
    func cloudConfig(user: String = "admin", password: String? = nil, project: String? = nil) -> CloudConfig {
        CloudConfig(name: "emulator-\(user)", authURL: authURL,
                    auth: .password(user: UserReference(name: user, domainName: "Default"), password: Secret(password ?? TestEnvironment.password(of: user))),
                    scope: .project(id: nil, name: project ?? user, domainID: nil, domainName: "Default"), region: "RegionOne")
    }

    /// GET or PUT on the control API, over HTTP like any client.
    @LoopActor
    func control(_ method: String, _ path: String, _ body: JSON? = nil) async throws -> JSON {
        var request = HTTPRequest(method: method, url: baseURL + "/_emulator/" + path)
        if let body {
            request.body = .bytes(try body.encoded())
            request.headers.add("Content-Type", "application/json")
        }
        let response = try await EventLoop.shared.perform(request)
        return response.body.isEmpty ? .null : try JSON.decode(response.body)
    }

    @LoopActor
    func tokensIssued() async throws -> Int64 {
        try await control("GET", "stats")["tokens_issued"]?.intValue ?? -1
    }

    @LoopActor
    func requests(withStatus status: Int) async throws -> Int64 {
        try await control("GET", "stats")["requests"]?["by_status"]?[String(status)]?.intValue ?? 0
    }
}

/// GET /v3/projects: a call any authenticated user may make, through the session's pipeline.
let listProjects = ServiceRequest(.identity, "GET", "/auth/projects")
