import Emulator
import Foundation
import Testing

/// Volumes over HTTP: create, the creating -> available machine on a manual clock, show per
/// microversion, update, delete, and Cinder's wire details (headers, fault bodies).
struct VolumeLifecycleTests {
    @Test func createShowUpdateDelete() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig.manual(clock, build: 2)
        config.timings.deleteSeconds = 1
        try await TestCloud.run(config) { cloud in
            let admin = try await CinderSession.login(cloud)
            let created = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "name": "v1", "metadata": ["k": "v"]]])
            #expect(created.status == 202)
            #expect(created.headerSpelling("X-Openstack-Request-Id") == "X-Openstack-Request-Id")
            #expect(created.header("X-Compute-Request-Id") == created.header("X-Openstack-Request-Id"))
            #expect(created.header("Openstack-Api-Version") == "volume 3.0")
            let volume = try created.json["volume"]
            #expect(volume?["status"] == "creating")
            #expect(volume?["volume_type"] == "__DEFAULT__")
            #expect(volume?["bootable"] == "false")
            #expect(volume?["metadata"] == ["k": "v"])
            #expect(volume?["links"]?.arrayValue?.first?["href"]?.stringValue == "\(cloud.base)\(admin.root)/volumes/\(volume?["id"]?.stringValue ?? "")")
            let id = volume?["id"]?.stringValue ?? ""
            clock.advance(by: 1.9)
            #expect(try await admin.status(id) == "creating")
            clock.advance(by: 0.1)
            let shown = try await admin.volume(id)
            #expect(shown["status"] == "available")
            #expect(shown["os-vol-host-attr:host"] != nil)
            #expect(shown["volume_type_id"] == nil)

            let latest = try await admin.send("GET", "/volumes/\(id)", version: "3.70")
            #expect(latest.header("Openstack-Api-Version") == "volume 3.70")
            let keys = Set(try latest.json["volume"]?.objectValue?.keys ?? [])
            #expect(keys.isSuperset(of: ["group_id", "provider_id", "shared_targets", "service_uuid", "cluster_name", "volume_type_id", "consumes_quota"]))

            let updated = try await admin.send("PUT", "/volumes/\(id)", json: ["volume": ["name": "renamed", "description": "d"]])
            #expect(updated.status == 200)
            #expect(try updated.json["volume"]?["name"] == "renamed")
            #expect(try updated.json["volume"]?["updated_at"]?.stringValue?.hasSuffix(".000000") == true)

            let deleted = try await admin.send("DELETE", "/volumes/\(id)")
            #expect(deleted.status == 202)
            #expect(deleted.body.isEmpty)
            #expect(try await admin.status(id) == "deleting")
            clock.advance(by: 1)
            let gone = try await admin.send("GET", "/volumes/\(id)")
            #expect(gone.status == 404)
            #expect(gone.text == "{\"itemNotFound\": {\"code\": 404, \"message\": \"Volume \(id) could not be found.\"}}")
        }
    }

    @Test func demoSeesLessThanAdmin() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let demo = try await CinderSession.login(cloud, user: "demo", project: "demo")
            let mine = try await demo.createVolume(["size": 2])
            let theirs = try await admin.createVolume()
            let shown = try await demo.volume(mine)
            #expect(shown["os-vol-tenant-attr:tenant_id"]?.stringValue == demo.projectID)
            #expect(shown["os-vol-host-attr:host"] == nil)
            #expect(shown["migration_status"] == nil)
            #expect(try await demo.send("GET", "/volumes/\(theirs)").status == 404)
            #expect(try await admin.send("GET", "/volumes/\(mine)").status == 200)
            let wrongProject = try await demo.cloud.client.send("GET", "\(admin.root)/volumes", headers: [("X-Auth-Token", demo.token)])
            #expect(wrongProject.status == 400)
            #expect(wrongProject.text.contains("Malformed request url"))
            let adminList = try await admin.send("GET", "/volumes")
            #expect(try adminList.json["volumes"]?.arrayValue?.count == 1)
            let everyone = try await admin.send("GET", "/volumes?all_tenants=1")
            #expect(try everyone.json["volumes"]?.arrayValue?.count == 2)
            let onlyDemo = try await admin.send("GET", "/volumes?all_tenants=1&project_id=\(demo.projectID)")
            #expect(try onlyDemo.json["volumes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [mine])
            let stats = try await cloud.stats()
            #expect(stats["resources"]?["volume"] == 2)
            #expect(stats["resources"]?["volume_type"] == 1)
            #expect(stats["resources"]?["image"] == 1)
            #expect(stats["requests"]?["by_route"]?["volume"]?["GET /volume/v3/{project_id}/volumes/{volume_id}"] != nil)
        }
    }

    @Test func badRequestsGetCindersMessages() async throws {
        try await TestCloud.run { cloud in
            let admin = try await CinderSession.login(cloud)
            let negative = try await admin.send("POST", "/volumes", json: ["volume": ["size": -1]])
            #expect(negative.status == 400)
            #expect(negative.text == "{\"badRequest\": {\"code\": 400, \"message\": \"Invalid input for field/attribute size. Value: -1. -1 is less than the minimum of 1\"}}")
            let noSize = try await admin.send("POST", "/volumes", json: ["volume": ["name": "x"]])
            #expect(noSize.status == 400)
            #expect(try noSize.json["badRequest"]?["message"] == "The server could not comply with the request since it is either malformed or otherwise incorrect.")
            let noType = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "volume_type": "gold"]])
            #expect(noType.status == 404)
            #expect(try noType.json["itemNotFound"]?["message"] == "Volume type with name gold could not be found.")
            let zone = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "availability_zone": "mars"]])
            #expect(try zone.json["badRequest"]?["message"] == "Availability zone 'mars' is invalid.")
            let notJSON = try await cloud.client.send(
                "POST", admin.root + "/volumes", headers: [("X-Auth-Token", admin.token), ("Content-Type", "application/json")], body: Array("{".utf8))
            #expect(notJSON.status == 400)
            let tooNew = try await admin.send("GET", "/volumes", version: "3.99")
            #expect(tooNew.status == 406)
            let unknown = try await admin.send("GET", "/volumes/\(Identifiers.uuid())/nothing")
            #expect(unknown.status == 404)
            let action = try await admin.send("POST", "/volumes/\(Identifiers.uuid())/action", json: ["os-extend": ["new_size": 2]])
            #expect(action.status == 404)
        }
    }
}
