import Emulator
import Testing

/// Server metadata, tags and `PUT /servers/{id}`.
struct ServerSubresourceTests {
    static func activeServer(_ body: (NovaClient, String) async throws -> Void) async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await nova.createServer()
            clock.advance(by: 1)
            try await body(nova, id)
        }
    }

    @Test func metadata() async throws {
        try await Self.activeServer { nova, id in
            #expect(try await nova.get("/servers/\(id)/metadata").json == ["metadata": [:]])
            let merged = try await nova.post("/servers/\(id)/metadata", ["metadata": ["k1": "v1", "k2": "v2"]])
            #expect(try merged.json == ["metadata": ["k1": "v1", "k2": "v2"]])
            let replaced = try await nova.send("PUT", "/servers/\(id)/metadata", ["metadata": ["k3": "v3"]])
            #expect(try replaced.json == ["metadata": ["k3": "v3"]])
            #expect(try await nova.get("/servers/\(id)/metadata/k3").json == ["meta": ["k3": "v3"]])
            let missing = try await nova.get("/servers/\(id)/metadata/nope")
            #expect(missing.text == #"{"itemNotFound": {"code": 404, "message": "Metadata item was not found"}}"#)
            #expect(try await nova.send("PUT", "/servers/\(id)/metadata/k4", ["meta": ["k4": "v4"]]).json == ["meta": ["k4": "v4"]])
            let mismatch = try await nova.send("PUT", "/servers/\(id)/metadata/k4", ["meta": ["k5": "v4"]])
            #expect(try mismatch.json["badRequest"]?["message"] == "Request body and URI mismatch")
            let two = try await nova.send("PUT", "/servers/\(id)/metadata/k4", ["meta": ["k4": "v4", "k6": "x"]])
            #expect(try two.json["badRequest"]?["message"] == "Invalid input for field/attribute meta. Value: {'k4': 'v4', 'k6': 'x'}. {'k4': 'v4', 'k6': 'x'} has too many properties")
            #expect(try await nova.send("DELETE", "/servers/\(id)/metadata/k4").status == 204)
            #expect(try await nova.send("DELETE", "/servers/\(id)/metadata/k4").status == 404)
            let badValue = try await nova.post("/servers/\(id)/metadata", ["metadata": ["k1": 5]])
            #expect(try badValue.json["badRequest"]?["message"] == "Invalid input for field/attribute k1. Value: 5. 5 is not of type 'string'")
            let noKey = try await nova.post("/servers/\(id)/metadata", ["meta": [:]])
            #expect(try noKey.json["badRequest"]?["message"] == "'metadata' is a required property")
            #expect(try await nova.server(id)["metadata"] == ["k3": "v3"])
        }
    }

    @Test func metadataNeedsASettledServerAndRespectsTheQuota() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1, compute: ["quotas": ["metadata_items": 2]])
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await nova.createServer()
            let building = try await nova.post("/servers/\(id)/metadata", ["metadata": ["a": "b"]])
            #expect(building.status == 409)
            #expect(try building.json["conflictingRequest"]?["message"] == .string("Cannot 'update metadata' instance \(id) while it is in vm_state building"))
            clock.advance(by: 1)
            let over = try await nova.post("/servers/\(id)/metadata", ["metadata": ["a": "1", "b": "2", "c": "3"]])
            #expect(over.status == 403)
            #expect(try over.json["forbidden"]?["message"] == "Maximum number of metadata items exceeds 2")
            let tooMany = try await nova.post("/servers", ["server": [
                "name": "m", "imageRef": .string(try await nova.imageID()), "flavorRef": "1", "networks": "none",
                "metadata": ["a": "1", "b": "2", "c": "3"],
            ]])
            #expect(tooMany.status == 403)
        }
    }

    @Test func tags() async throws {
        try await Self.activeServer { nova, id in
            let old = try await nova.at("2.25").get("/servers/\(id)/tags")
            #expect(old.text == #"{"itemNotFound": {"code": 404, "message": "The resource could not be found."}}"#)
            #expect(try await nova.get("/servers/\(id)/tags").json == ["tags": []])
            #expect(try await nova.send("PUT", "/servers/\(id)/tags", ["tags": ["b", "a"]]).json == ["tags": ["a", "b"]])
            let added = try await nova.send("PUT", "/servers/\(id)/tags/c")
            #expect(added.status == 201)
            #expect(added.header("Location") == nova.cloud.base + "/compute/v2.1/servers/\(id)/tags/c")
            #expect(try await nova.send("PUT", "/servers/\(id)/tags/c").status == 204)
            #expect(try await nova.get("/servers/\(id)/tags/c").status == 204)
            let missing = try await nova.get("/servers/\(id)/tags/zz")
            #expect(try missing.json["itemNotFound"]?["message"] == .string("Server \(id) has no tag 'zz'"))
            #expect(try await nova.send("DELETE", "/servers/\(id)/tags/c").status == 204)
            let gone = try await nova.send("DELETE", "/servers/\(id)/tags/c")
            #expect(try gone.json["itemNotFound"]?["message"] == .string("Instance \(id) has no tag 'c'"))
            let comma = try await nova.send("PUT", "/servers/\(id)/tags", ["tags": ["a,b"]])
            #expect(try comma.json["badRequest"]?["message"] == "Invalid input for field/attribute 0. Value: a,b. 'a,b' does not match '^[^,/]*$'")
            #expect(try await nova.server(id)["tags"] == ["a", "b"])
            #expect(try await nova.send("DELETE", "/servers/\(id)/tags").status == 204)
            #expect(try await nova.server(id)["tags"] == [])
            #expect(try await nova.get("/servers?tags=a").json["servers"] == [])
        }
    }

    @Test func updateAnswersWithTheViewOfItsMicroversion() async throws {
        try await Self.activeServer { nova, id in
            let legacy = try await nova.at("2.1").send("PUT", "/servers/\(id)", ["server": ["name": "renamed"]])
            #expect(legacy.status == 200)
            #expect(try legacy.json["server"]?.keys == [
                "id", "name", "status", "tenant_id", "user_id", "metadata", "hostId", "image", "flavor", "created", "updated",
                "addresses", "accessIPv4", "accessIPv6", "links", "OS-DCF:diskConfig", "progress",
            ])
            #expect(try legacy.json["server"]?["name"] == "renamed")
            let noDescription = try await nova.at("2.1").send("PUT", "/servers/\(id)", ["server": ["description": "x"]])
            #expect(try noDescription.json["badRequest"]?["message"] == "Invalid input for field/attribute server. Value: {'description': 'x'}. Additional properties are not allowed ('description' was unexpected)")
            let full = try await nova.send("PUT", "/servers/\(id)", ["server": ["description": "now described", "hostname": "new-host"]])
            #expect(try full.json["server"]?["description"] == "now described")
            #expect(try full.json["server"]?["OS-EXT-SRV-ATTR:hostname"] == "new-host")
            #expect(try full.json["server"]?["server_groups"] == [])
            #expect(try full.json["server"]?["OS-EXT-STS:vm_state"] == "active")
            let missing = try await nova.send("PUT", "/servers/00000000-0000-0000-0000-000000000000", ["server": ["name": "x"]])
            #expect(missing.status == 404)
        }
    }
}
