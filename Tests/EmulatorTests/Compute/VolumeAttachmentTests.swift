import Emulator
import Testing

/// `os-volume_attachments` and boot from volume, moving Cinder volumes to in-use and back.
struct VolumeAttachmentTests {
    static func createVolume(_ nova: NovaClient, size: Int = 1) async throws -> String {
        let response = try await nova.cloud.client.send(
            "POST", "/volume/v3/\(nova.projectID)/volumes", headers: [("X-Auth-Token", nova.token)], json: ["volume": ["size": .int(size)]])
        guard response.status == 202, let id = try response.json["volume"]?["id"]?.stringValue else {
            throw WireError.malformed("volume create answered \(response.status): \(response.text)")
        }
        return id
    }

    static func volumeStatus(_ nova: NovaClient, _ id: String) async throws -> String {
        let response = try await nova.cloud.client.get("/volume/v3/\(nova.projectID)/volumes/\(id)", headers: [("X-Auth-Token", nova.token)])
        return try response.json["volume"]?["status"]?.stringValue ?? "HTTP \(response.status)"
    }

    @Test func attachListShowDetach() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let server = try await nova.createServer()
            let volume = try await Self.createVolume(nova)
            let early = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(volume)]])
            #expect(early.status == 409)
            #expect(try early.json["conflictingRequest"]?["message"] == .string("Cannot 'attach_volume' instance \(server) while it is in vm_state building"))
            clock.advance(by: 1)

            let attached = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(volume)]])
            #expect(attached.status == 200)
            #expect(try attached.json["volumeAttachment"]?.keys == ["id", "serverId", "volumeId", "device", "tag", "delete_on_termination"])
            #expect(try attached.json["volumeAttachment"]?["device"] == "/dev/vdb")
            #expect(try await Self.volumeStatus(nova, volume) == "in-use")
            #expect(try await cloud.stats()["resources"]?["volume_attachment"] == 1)
            let again = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(volume)]])
            #expect(try again.json["badRequest"]?["message"] == .string("Invalid volume: volume \(volume) is already attached to instances: \(server)"))

            let listed = try await nova.get("/servers/\(server)/os-volume_attachments")
            #expect(try listed.json["volumeAttachments"]?.arrayValue?.first?.keys == [
                "volumeId", "serverId", "device", "tag", "delete_on_termination", "attachment_id", "bdm_uuid",
            ])
            let legacy = try await nova.at("2.1").get("/servers/\(server)/os-volume_attachments/\(volume)")
            #expect(try legacy.json["volumeAttachment"] == [
                "id": .string(volume), "volumeId": .string(volume), "serverId": .string(server), "device": "/dev/vdb",
            ])
            #expect(try await nova.server(server)["os-extended-volumes:volumes_attached"] == [["id": .string(volume), "delete_on_termination": false]])
            #expect(try await nova.at("2.1").server(server)["os-extended-volumes:volumes_attached"] == [["id": .string(volume)]])

            let detached = try await nova.send("DELETE", "/servers/\(server)/os-volume_attachments/\(volume)")
            #expect(detached.status == 202)
            #expect(try await Self.volumeStatus(nova, volume) == "available")
            #expect(try await cloud.stats()["resources"]?["volume_attachment"] == 0)
            let notAttached = try await nova.send("DELETE", "/servers/\(server)/os-volume_attachments/\(volume)")
            #expect(notAttached.status == 404)
            #expect(try notAttached.json["itemNotFound"]?["message"] == .string("Instance \(server) is not attached to volume \(volume)"))
            #expect(try await nova.get("/servers/\(server)/os-volume_attachments").json["volumeAttachments"] == [])

            let zero = "00000000-0000-0000-0000-000000000000"
            let missing = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(zero)]])
            #expect(missing.status == 404)
            #expect(try missing.json["itemNotFound"]?["message"] == .string("Volume \(zero) could not be found."))
            let empty = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": [:]])
            #expect(try empty.json["badRequest"]?["message"] == "Invalid input for field/attribute volumeAttachment. Value: {}. 'volumeId' is a required property")
        }
    }

    @Test func deletingAServerFreesItsVolumes() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let server = try await nova.createServer()
            let kept = try await Self.createVolume(nova)
            let dropped = try await Self.createVolume(nova)
            clock.advance(by: 1)
            _ = try await nova.post("/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(kept)]])
            let second = try await nova.post(
                "/servers/\(server)/os-volume_attachments", ["volumeAttachment": ["volumeId": .string(dropped), "delete_on_termination": true, "tag": "data"]])
            #expect(try second.json["volumeAttachment"]?["device"] == "/dev/vdc")
            #expect(try second.json["volumeAttachment"]?["tag"] == "data")
            #expect(try await nova.send("DELETE", "/servers/\(server)").status == 204)
            #expect(try await Self.volumeStatus(nova, kept) == "available")
            #expect(try await Self.volumeStatus(nova, dropped) == "HTTP 404")
        }
    }

    @Test func bootFromVolumes() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let image = try await nova.imageID()
            let root = try await Self.createVolume(nova, size: 2)
            clock.advance(by: 1)
            let fromVolume = try await nova.post("/servers", ["server": [
                "name": "bfv", "flavorRef": "1", "networks": "none",
                "block_device_mapping_v2": [["boot_index": 0, "uuid": .string(root), "source_type": "volume", "destination_type": "volume"]],
            ]])
            #expect(fromVolume.status == 202)
            let id = try fromVolume.json["server"]?["id"]?.stringValue ?? ""
            clock.advance(by: 1)
            let server = try await nova.server(id)
            #expect(server["status"] == "ACTIVE")
            #expect(server["image"] == "")
            #expect(server["os-extended-volumes:volumes_attached"]?.arrayValue?.map { $0["id"] } == [.string(root)])
            let rootDetach = try await nova.send("DELETE", "/servers/\(id)/os-volume_attachments/\(root)")
            #expect(try rootDetach.json["badRequest"]?["message"] == "Cannot detach a root device volume")
            let inUse = try await nova.post("/servers", ["server": [
                "name": "again", "flavorRef": "1", "networks": "none",
                "block_device_mapping_v2": [["boot_index": 0, "uuid": .string(root), "source_type": "volume", "destination_type": "volume"]],
            ]])
            #expect(try inUse.json["badRequest"]?["message"] == .string("Invalid volume: volume '\(root)' status must be 'available'. Currently in 'in-use'"))

            let fromImage = try await nova.post("/servers", ["server": [
                "name": "image-volume", "flavorRef": "1", "networks": "none",
                "block_device_mapping_v2": [
                    ["boot_index": 0, "uuid": .string(image), "source_type": "image", "destination_type": "volume", "volume_size": 1, "delete_on_termination": true],
                    ["source_type": "blank", "destination_type": "volume", "volume_size": 2, "boot_index": -1],
                ],
            ]])
            #expect(fromImage.status == 202)
            let imageServer = try fromImage.json["server"]?["id"]?.stringValue ?? ""
            clock.advance(by: 1)
            let volumes = try await nova.server(imageServer)["os-extended-volumes:volumes_attached"]?.arrayValue ?? []
            #expect(volumes.map { $0["delete_on_termination"] } == [true, false])
            let created = volumes.compactMap { $0["id"]?.stringValue }
            for volume in created { #expect(try await Self.volumeStatus(nova, volume) == "in-use") }
            _ = try await nova.send("DELETE", "/servers/\(imageServer)")
            #expect(try await Self.volumeStatus(nova, created[0]) == "HTTP 404")
            #expect(try await Self.volumeStatus(nova, created[1]) == "available")
        }
    }
}
