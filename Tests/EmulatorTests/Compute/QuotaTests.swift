import Emulator
import Testing

struct QuotaTests {
    @Test func limitsByMicroversionWithUsage() async throws {
        let (config, _) = ManualCloud.config()
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo")
            _ = try await nova.createServer(flavor: "2")
            let legacy = try await nova.get("/limits")
            #expect(try legacy.json["limits"]?.keys == ["rate", "absolute"])
            #expect(try legacy.json["limits"]?["absolute"]?.keys == [
                "maxTotalInstances", "maxTotalCores", "maxTotalRAMSize", "maxServerMeta", "maxImageMeta", "maxPersonality",
                "maxPersonalitySize", "maxTotalKeypairs", "maxServerGroups", "maxServerGroupMembers", "maxTotalFloatingIps",
                "maxSecurityGroups", "maxSecurityGroupRules", "totalRAMUsed", "totalCoresUsed", "totalInstancesUsed",
                "totalFloatingIpsUsed", "totalSecurityGroupsUsed", "totalServerGroupsUsed",
            ])
            let absolute = try legacy.json["limits"]?["absolute"]
            #expect(absolute?["maxTotalInstances"] == 10)
            #expect(absolute?["maxTotalRAMSize"] == 51200)
            #expect(absolute?["totalRAMUsed"] == 2048)
            #expect(absolute?["totalCoresUsed"] == 1)
            #expect(absolute?["totalInstancesUsed"] == 1)
            #expect(absolute?["maxSecurityGroups"] == -1)
            let current = try await nova.at("2.93").get("/limits")
            #expect(try current.json["limits"]?["absolute"]?.keys == [
                "maxTotalInstances", "maxTotalCores", "maxTotalRAMSize", "maxServerMeta", "maxTotalKeypairs", "maxServerGroups",
                "maxServerGroupMembers", "totalRAMUsed", "totalCoresUsed", "totalInstancesUsed", "totalServerGroupsUsed",
            ])
            #expect(try await nova.at("2.38").get("/limits").json["limits"]?["absolute"]?["maxImageMeta"] == 128)
            #expect(try await nova.at("2.39").get("/limits").json["limits"]?["absolute"]?["maxImageMeta"] == nil)
        }
    }

    @Test func quotaSetsShowUpdateAndReset() async throws {
        let (config, _) = ManualCloud.config()
        try await TestCloud.run(config) { cloud in
            let demo = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let admin = try await NovaClient.login(cloud, version: "2.93")
            _ = try await demo.createServer()
            let shown = try await demo.get("/os-quota-sets/\(demo.projectID)")
            #expect(try shown.json == ["quota_set": [
                "id": .string(demo.projectID), "cores": 20, "instances": 10, "key_pairs": 100, "metadata_items": 128, "ram": 51200,
                "server_group_members": 10, "server_groups": 10,
            ]])
            #expect(try await demo.at("2.1").get("/os-quota-sets/\(demo.projectID)").json["quota_set"]?.keys.count == 15)
            let detail = try await demo.get("/os-quota-sets/\(demo.projectID)/detail")
            #expect(try detail.json["quota_set"]?["instances"] == ["limit": 10, "in_use": 1, "reserved": 0])
            #expect(try await demo.get("/os-quota-sets/\(admin.projectID)").status == 403)

            let denied = try await demo.send("PUT", "/os-quota-sets/\(demo.projectID)", ["quota_set": ["instances": 20]])
            #expect(denied.status == 403)
            #expect(try denied.json["forbidden"]?["message"] == "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.")
            let updated = try await admin.send("PUT", "/os-quota-sets/\(demo.projectID)", ["quota_set": ["instances": 1, "cores": 4]])
            #expect(updated.status == 200)
            #expect(try updated.json["quota_set"]?["instances"] == 1)
            #expect(try updated.json["quota_set"]?["id"] == nil)
            let below = try await admin.send("PUT", "/os-quota-sets/\(demo.projectID)", ["quota_set": ["cores": 0]])
            #expect(try below.json["badRequest"]?["message"] == "Quota limit 0 for cores must be greater than or equal to already used and reserved 1.")
            #expect(try await admin.send("PUT", "/os-quota-sets/\(demo.projectID)", ["quota_set": ["cores": 0, "force": true]]).status == 200)
            let unknown = try await admin.send("PUT", "/os-quota-sets/\(demo.projectID)", ["quota_set": ["bogus": 0]])
            #expect(try unknown.json["badRequest"]?["message"] == "Invalid input for field/attribute quota_set. Value: {'bogus': 0}. Additional properties are not allowed ('bogus' was unexpected)")

            let over = try await demo.post("/servers", ["server": ["name": "x", "imageRef": .string(try await demo.imageID()), "flavorRef": "1", "networks": "none"]])
            #expect(over.status == 403)
            #expect(try over.json["forbidden"]?["message"] == "Quota exceeded for cores, instances: Requested 1, 1, but already used 1, 1 of 0, 1 cores, instances")

            #expect(try await admin.send("DELETE", "/os-quota-sets/\(demo.projectID)").status == 202)
            #expect(try await demo.get("/os-quota-sets/\(demo.projectID)").json["quota_set"]?["instances"] == 10)
            #expect(try await demo.get("/os-quota-sets/\(demo.projectID)/defaults").json["quota_set"]?["cores"] == 20)
        }
    }
}
