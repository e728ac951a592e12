import Emulator
import Testing

struct ConfigTests {
    static let sample = #"""
        {
          "region": "Lab",
          "seed": 9,
          "timings": {"build_seconds": 0.2, "delete_seconds": 0, "token_ttl": 120},
          "identity": {
            "projects": [{"name": "ops", "description": "operations"}],
            "roles": [{"name": "admin", "implies": ["member"]}, {"name": "member"}],
            "users": [{"name": "alice", "password": "wonder", "default_project": "ops", "project_roles": {"ops": ["member"]}}]
          },
          "faults": {"errors": [{"service": "image", "rate": 1, "status": 502}]},
          "compute": {"quotas": {"instances": 3}}
        }
        """#

    @Test func loadsEverySection() throws {
        let config = try EmulatorConfig.load(contentsOf: Self.sample)
        #expect(config.region == "Lab")
        #expect(config.seed == 9)
        #expect(config.timings.buildSeconds == 0.2)
        #expect(config.timings.tokenTTL == 120)
        #expect(config.identity.users.map(\.name) == ["alice"])
        #expect(config.identity.users.first?.projectRoles == ["ops": ["member"]])
        #expect(config.faults.errors.first?.statuses == [502])
        #expect(config.serviceSections["compute"]?["quotas"] == ["instances": 3])
    }

    @Test func seededIdentitiesFromTheFileWork() async throws {
        let config = try EmulatorConfig.load(contentsOf: Self.sample)
        try await TestCloud.run(config) { cloud in
            // alice has a default project with a role there, so an unscoped request is scoped to it.
            let response = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "alice", password: "wonder"))
            #expect(response.status == 201)
            let token = try #require(try response.json["token"])
            #expect(token["project"]?["name"] == "ops")
            #expect(token["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["member"])
            #expect(token["catalog"]?.arrayValue?.first?["endpoints"]?.arrayValue?.first?["region_id"] == "Lab")
            let expires = try #require(token["expires_at"]?.stringValue.flatMap(Timestamp.parse))
            let issued = try #require(token["issued_at"]?.stringValue.flatMap(Timestamp.parse))
            #expect(expires.timeIntervalSince(issued) == 120)
            #expect(try await cloud.client.get("/image").status == 502)
            #expect(try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "admin", password: "admin")).status == 401)
        }
    }

    @Test(arguments: [
        (#"{"regoin": "x"}"#, "regoin: unknown option"),
        (#"{"timings": {"token_ttl": 0}}"#, "timings.token_ttl"),
        (#"{"timings": {"build_seconds": "fast"}}"#, "timings.build_seconds: expected a number"),
        (#"{"identity": {"users": [{"name": "x"}]}}"#, "password: is required"),
        (#"{"identity": {"users": [{"name": "x", "password": "y", "project_roles": {"nowhere": ["admin"]}}]}}"#, "unknown project nowhere"),
        (#"{"identity": {"roles": [{"name": "a", "implies": ["b"]}]}}"#, "implies unknown role b"),
        (#"{"faults": {"drops": [{"rate": -1}]}}"#, "faults.drops[0].rate"),
        ("[1]", "expected an object"),
        ("{", "not valid JSON"),
    ])
    func rejectsBadFilesWithThePlace(_ text: String, _ expected: String) {
        do {
            _ = try EmulatorConfig.load(contentsOf: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
