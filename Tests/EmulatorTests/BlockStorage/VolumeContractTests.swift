import Emulator
import Foundation
import Testing

/// The calls Nova makes on Cinder's state (attach, detach, server delete), driven directly
/// inside the lock as Nova's handlers will, and observed over HTTP.
struct VolumeContractTests {
    @Test func attachMovesVolumeThroughAttachingToInUseAndBack() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let id = try await admin.createVolume(["size": 1, "name": "data"])
            clock.advance(by: 1)
            #expect(try await admin.status(id) == "available")
            let server = "11111111-2222-4333-8444-555555555555"
            // With attach_seconds at 0 the volume is in-use from the next access on; within the
            // access that attached it, it is attaching.
            let (device, during) = try cloud.emulator.cloud.withState { cloud in
                let device = try cloud.blockStorage.beginAttachment(volumeID: id, serverID: server, projectID: admin.projectID)
                return (device, cloud.blockStorage.volume(id: id)?["status"])
            }
            #expect(device == "/dev/vdb")
            #expect(during == "attaching")
            let volume = try await admin.volume(id)
            #expect(volume["status"] == "in-use")
            #expect(volume["attachments"]?.arrayValue?.first?["server_id"]?.stringValue == server)
            #expect(volume["attachments"]?.arrayValue?.first?["device"] == "/dev/vdb")
            let listed = try cloud.emulator.cloud.withState { cloud in cloud.blockStorage.attachments(serverID: server).map(\.volumeID) }
            #expect(listed == [id])

            let delete = try await admin.send("DELETE", "/volumes/\(id)")
            #expect(delete.status == 400)
            #expect(delete.text.contains("must not be migrating, attached"))

            let detaching = try cloud.emulator.cloud.withState { cloud in
                try cloud.blockStorage.detach(volumeID: id, serverID: server)
                return cloud.blockStorage.volume(id: id)?["status"]
            }
            #expect(detaching == "detaching")
            #expect(try await admin.status(id) == "available")
            #expect(try await admin.volume(id)["attachments"] == [])
        }
    }

    @Test func attachRefusesWhatNovaRefuses() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let demo = try await CinderSession.login(cloud, user: "demo", project: "demo")
            let id = try await admin.createVolume()
            let server = Identifiers.uuid()
            let creating = #expect(throws: ServiceError.self) {
                try cloud.emulator.cloud.withState { try $0.blockStorage.beginAttachment(volumeID: id, serverID: server, projectID: admin.projectID) }
            }
            #expect(creating?.status == 400)
            #expect(creating?.message == "Invalid volume: Volume \(id) status must be available or downloading to reserve, but the current status is creating.")
            clock.advance(by: 1)
            let foreign = #expect(throws: ServiceError.self) {
                try cloud.emulator.cloud.withState { try $0.blockStorage.beginAttachment(volumeID: id, serverID: server, projectID: demo.projectID) }
            }
            #expect(foreign?.status == 404)
            #expect(foreign?.message == "Volume \(id) could not be found.")
            _ = try cloud.emulator.cloud.withState { try $0.blockStorage.beginAttachment(volumeID: id, serverID: server, projectID: admin.projectID) }
            let again = #expect(throws: ServiceError.self) {
                try cloud.emulator.cloud.withState { try $0.blockStorage.beginAttachment(volumeID: id, serverID: Identifiers.uuid(), projectID: admin.projectID) }
            }
            #expect(again?.message == "Invalid volume: volume \(id) is already attached to instances: \(server)")
            let notAttached = #expect(throws: ServiceError.self) {
                try cloud.emulator.cloud.withState { try $0.blockStorage.detach(volumeID: id, serverID: Identifiers.uuid()) }
            }
            #expect(notAttached?.status == 404)
        }
    }

    @Test func serverDeleteFreesEveryVolumeAndDevicesCountUp() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            let first = try await admin.createVolume()
            let second = try await admin.createVolume()
            clock.advance(by: 1)
            let server = Identifiers.uuid()
            let devices = try cloud.emulator.cloud.withState { cloud in
                [
                    try cloud.blockStorage.beginAttachment(volumeID: first, serverID: server, projectID: admin.projectID),
                    try cloud.blockStorage.beginAttachment(volumeID: second, serverID: server, projectID: admin.projectID),
                ]
            }
            #expect(devices == ["/dev/vdb", "/dev/vdc"])
            let attached = try cloud.emulator.cloud.withState { $0.blockStorage.attachments(serverID: server) }
            #expect(attached.map(\.volumeID) == [first, second])
            #expect(attached.map(\.device) == ["/dev/vdb", "/dev/vdc"])
            try cloud.emulator.cloud.withState { $0.blockStorage.detachAll(serverID: server) }
            #expect(try await admin.status(first) == "available")
            #expect(try await admin.status(second) == "available")
            #expect(try cloud.emulator.cloud.withState { $0.blockStorage.attachments(serverID: server) }.isEmpty)
            #expect(try cloud.emulator.cloud.withState { $0.blockStorage.volume(id: Identifiers.uuid()) } == nil)
        }
    }
}

/// With `attach_seconds` set, the intermediate states last that long on the clock.
struct VolumeAttachTimingTests {
    @Test func attachSecondsDelayInUse() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig.manual(clock)
        config.serviceSections["volume"] = ["attach_seconds": 2]
        try await TestCloud.run(config) { cloud in
            let admin = try await CinderSession.login(cloud)
            let id = try await admin.createVolume()
            clock.advance(by: 1)
            let server = Identifiers.uuid()
            _ = try cloud.emulator.cloud.withState { try $0.blockStorage.beginAttachment(volumeID: id, serverID: server, projectID: admin.projectID) }
            #expect(try await admin.status(id) == "attaching")
            #expect(try await admin.volume(id)["attachments"] == [])
            clock.advance(by: 2)
            #expect(try await admin.status(id) == "in-use")
            try cloud.emulator.cloud.withState { try $0.blockStorage.detach(volumeID: id, serverID: server) }
            #expect(try await admin.status(id) == "detaching")
            clock.advance(by: 2)
            #expect(try await admin.status(id) == "available")
        }
    }
}
