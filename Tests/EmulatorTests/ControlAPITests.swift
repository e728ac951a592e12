import Emulator
import Testing

struct ControlAPITests {
    @Test func statsCountRequestsByServiceRouteAndStatus() async throws {
        try await TestCloud.run { cloud in
            let token = try await cloud.token()
            _ = try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)])
            _ = try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)])
            _ = try await cloud.client.get("/network/v2.0/bogus", headers: [("X-Auth-Token", token)])
            _ = try await cloud.client.get("/compute/v2.1/servers/abc")
            let stats = try await cloud.stats()
            #expect(stats["requests"]?["total"] == 5)
            #expect(stats["requests"]?["by_service"] == ["compute": 1, "identity": 1, "network": 3])
            #expect(stats["requests"]?["by_route"]?["network"] == ["GET /network/v2.0": 2, "GET /network/*": 1])
            #expect(stats["requests"]?["by_route"]?["identity"] == ["POST /identity/v3/auth/tokens": 1])
            #expect(stats["requests"]?["by_status"] == ["200": 2, "201": 1, "401": 1, "404": 1])
            #expect(stats["tokens_issued"] == 1)
            #expect(stats["resources"]?["project"] == 2)
            #expect(stats["resources"]?["token"] == 1)
        }
    }

    @Test func resetReturnsToTheSeededState() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let created = try await cloud.client.send("POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin)], json: ["project": ["name": "temporary"]])
            #expect(created.status == 201)
            let projectsBefore = try await cloud.client.get("/identity/v3/projects", headers: [("X-Auth-Token", admin)]).json["projects"]?.arrayValue
            #expect(projectsBefore?.count == 3)

            #expect(try await cloud.client.send("POST", "/_emulator/reset").status == 204)
            #expect(try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", admin)]).status == 401)
            #expect(try await cloud.stats()["requests"]?["total"] == 1)
            let fresh = try await cloud.token()
            let projects = try await cloud.client.get("/identity/v3/projects", headers: [("X-Auth-Token", fresh)]).json["projects"]?.arrayValue
            #expect(projects?.compactMap { $0["name"]?.stringValue } == ["admin", "demo"])
            #expect(projects?.compactMap { $0["id"] } == projectsBefore?.prefix(2).compactMap { $0["id"] })
        }
    }

    @Test func healthAndUnknownControlPaths() async throws {
        try await TestCloud.run { cloud in
            let health = try await cloud.client.get("/_emulator/health")
            #expect(try health.json["status"] == "ok")
            #expect(try health.json["base_url"]?.stringValue == cloud.base)
            #expect(try health.json["services"] == ["identity", "compute", "volume", "network", "image"])
            #expect(try await cloud.client.get("/_emulator/nope").status == 404)
            #expect(try await cloud.client.send("DELETE", "/_emulator/stats").status == 405)
        }
    }

    @Test func libraryHandleOffersTheSameControls() async throws {
        try await TestCloud.run { cloud in
            var plan = FaultPlan()
            plan.errors = [.init(match: .init(route: "/image"), rate: 1, statuses: [502])]
            cloud.emulator.setFaults(plan)
            #expect(try await cloud.client.get("/image").status == 502)
            #expect(cloud.emulator.stats()["faults"]?["errors"] == 1)
            try cloud.emulator.reset()
            #expect(cloud.emulator.stats()["requests"]?["total"] == 0)
            #expect(cloud.emulator.authURL == cloud.base + "/identity")
            #expect(cloud.base == "http://127.0.0.1:\(cloud.emulator.port)")
        }
    }
}
