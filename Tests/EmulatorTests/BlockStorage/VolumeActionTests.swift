import Emulator
import Foundation
import Testing

/// Extend, quotas (413 with Retry-After), snapshots, volumes from snapshots and images, types.
struct VolumeActionTests {
    @Test func extendWaitsForAvailableBefore342() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let id = try await admin.createVolume()
            let early = try await admin.send("POST", "/volumes/\(id)/action", json: ["os-extend": ["new_size": 2]])
            #expect(early.status == 400)
            #expect(try early.json["badRequest"]?["message"]?.stringValue == "Invalid volume: Volume \(id) status must be '{'status': 'available'}' to extend, currently creating.")
            clock.advance(by: 1)
            let smaller = try await admin.send("POST", "/volumes/\(id)/action", json: ["os-extend": ["new_size": 1]])
            #expect(smaller.status == 400)
            let extend = try await admin.send("POST", "/volumes/\(id)/action", json: ["os-extend": ["new_size": 3]])
            #expect(extend.status == 202)
            #expect(try await admin.status(id) == "extending")
            clock.advance(by: 1)
            let volume = try await admin.volume(id)
            #expect(volume["status"] == "available")
            #expect(volume["size"] == 3)
            let unknown = try await admin.send("POST", "/volumes/\(id)/action", json: ["os-bogus": [:]])
            #expect(unknown.status == 400)
        }
    }

    @Test func quotasAnswer413WithRetryAfter() async throws {
        var config = EmulatorConfig()
        config.serviceSections["volume"] = ["quotas": ["volumes": 2, "gigabytes": 5]]
        try await TestCloud.run(config) { cloud in
            let demo = try await CinderSession.login(cloud, user: "demo", project: "demo")
            let tooBig = try await demo.send("POST", "/volumes", json: ["volume": ["size": 6]])
            #expect(tooBig.status == 413)
            #expect(tooBig.header("Retry-After") == "0")
            #expect(try tooBig.json["overLimit"]?["message"] == "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 6G, quota is 5G and 0G has been consumed.")
            #expect(try tooBig.json["overLimit"]?["retryAfter"] == "0")
            _ = try await demo.createVolume()
            _ = try await demo.createVolume()
            let third = try await demo.send("POST", "/volumes", json: ["volume": ["size": 1]])
            #expect(third.status == 413)
            #expect(third.text == "{\"overLimit\": {\"code\": 413, \"message\": \"VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'.\", \"retryAfter\": \"0\"}}")
            let quota = try await demo.send("GET", "/os-quota-sets/\(demo.projectID)?usage=True")
            #expect(try quota.json["quota_set"]?["volumes"]?["in_use"] == 2)
            let admin = try await CinderSession.login(cloud)
            let raised = try await admin.send("PUT", "/os-quota-sets/\(demo.projectID)", json: ["quota_set": ["volumes": 5]])
            #expect(raised.status == 200)
            #expect(try await demo.send("POST", "/volumes", json: ["volume": ["size": 1]]).status == 202)
            let limits = try await demo.send("GET", "/limits")
            #expect(try limits.json["limits"]?["absolute"]?["totalVolumesUsed"] == 3)
            #expect(try await demo.send("PUT", "/os-quota-sets/\(demo.projectID)", json: ["quota_set": ["volumes": 50]]).status == 403)
        }
    }

    @Test func snapshotsAndVolumesFromThem() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let source = try await admin.createVolume(["size": 2])
            let tooEarly = try await admin.send("POST", "/snapshots", json: ["snapshot": ["volume_id": .string(source)]])
            #expect(tooEarly.status == 400)
            clock.advance(by: 1)
            let created = try await admin.send("POST", "/snapshots", json: ["snapshot": ["volume_id": .string(source), "name": "snap"]])
            #expect(created.status == 202)
            let snapshot = try created.json["snapshot"]?["id"]?.stringValue ?? ""
            #expect(try created.json["snapshot"]?["status"] == "creating")
            clock.advance(by: 1)
            let shown = try await admin.send("GET", "/snapshots/\(snapshot)")
            #expect(try shown.json["snapshot"]?["status"] == "available")
            #expect(try shown.json["snapshot"]?["size"] == 2)
            let list = try await admin.send("GET", "/snapshots/detail?volume_id=\(source)")
            #expect(try list.json["snapshots"]?.arrayValue?.count == 1)
            let smaller = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "snapshot_id": .string(snapshot)]])
            #expect(smaller.status == 400)
            let restored = try await admin.createVolume(["snapshot_id": .string(snapshot)])
            #expect(try await admin.volume(restored)["snapshot_id"]?.stringValue == snapshot)
            #expect(try await admin.volume(restored)["size"] == 2)
            let busy = try await admin.send("DELETE", "/volumes/\(source)")
            #expect(busy.status == 400)
            #expect(try await admin.send("DELETE", "/snapshots/\(snapshot)").status == 202)
            clock.advance(by: 1)
            #expect(try await admin.send("GET", "/snapshots/\(snapshot)").status == 404)
            #expect(try await admin.send("DELETE", "/volumes/\(source)").status == 202)
        }
    }

    @Test func volumeFromImageIsBootableAndKeepsImageMetadata() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let glance = try await GlanceSession.login(cloud)
            let images = try await glance.send("GET", "/v2/images?name=cirros")
            let cirros = try images.json["images"]?.arrayValue?.first?["id"]?.stringValue ?? ""
            let id = try await admin.createVolume(["size": 1, "imageRef": .string(cirros)])
            let volume = try await admin.volume(id)
            #expect(volume["bootable"] == "true")
            #expect(volume["volume_image_metadata"]?["image_id"]?.stringValue == cirros)
            #expect(volume["volume_image_metadata"]?["image_name"] == "cirros")
            let missing = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "imageRef": .string(Identifiers.uuid())]])
            #expect(missing.status == 404)
            let queued = try await glance.createImage()
            let notActive = try await admin.send("POST", "/volumes", json: ["volume": ["size": 1, "imageRef": .string(queued)]])
            #expect(try notActive.json["badRequest"]?["message"]?.stringValue == "Invalid input received: Image \(queued) is not active.")
        }
    }

    @Test func volumeTypes() async throws {
        try await TestCloud.run { cloud in
            let admin = try await CinderSession.login(cloud)
            let demo = try await CinderSession.login(cloud, user: "demo", project: "demo")
            let list = try await demo.send("GET", "/types")
            #expect(try list.json["volume_types"]?.arrayValue?.map { $0["name"] } == ["__DEFAULT__"])
            let created = try await admin.send("POST", "/types", json: ["volume_type": ["name": "fast"]])
            #expect(created.status == 200)
            let typeID = try created.json["volume_type"]?["id"]?.stringValue ?? ""
            #expect(try await demo.send("POST", "/types", json: ["volume_type": ["name": "x"]]).status == 403)
            #expect(try await admin.send("POST", "/types", json: ["volume_type": ["name": "fast"]]).status == 409)
            let volume = try await demo.createVolume(["size": 1, "volume_type": "fast"])
            #expect(try await demo.volume(volume)["volume_type"] == "fast")
            #expect(try await admin.send("DELETE", "/types/\(typeID)").status == 400)
            let byDefault = try await demo.send("GET", "/types/default")
            #expect(try byDefault.json["volume_type"]?["name"] == "__DEFAULT__")
        }
    }
}
