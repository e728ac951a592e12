import Emulator
import Foundation
import Testing

/// `ImageState.image(id:projectID:)`, which Nova uses for `imageRef` and Cinder for volumes made
/// from images: the seeded `cirros` is active and visible to everyone, a private image to its owner only.
struct ImageContractTests {
    @Test func seededCirrosIsActiveAndPublic() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud, user: "demo", project: "demo")
            let list = try await glance.send("GET", "/v2/images?name=cirros")
            #expect(list.status == 200)
            guard let id = try list.json["images"]?.arrayValue?.first?["id"]?.stringValue else {
                Issue.record("no cirros: \(list.text)")
                return
            }
            let image = try cloud.emulator.cloud.withState { $0.image.image(id: id, projectID: glance.projectID) }
            #expect(image?["status"] == "active")
            #expect(image?["visibility"] == "public")
            #expect(image?["name"] == "cirros")
            #expect(image?["size"] == 1_048_576)
            #expect(image?["disk_format"] == "raw")
        }
    }

    @Test func privateImagesStayWithTheirProject() async throws {
        try await TestCloud.run { cloud in
            let admin = try await GlanceSession.login(cloud)
            let demo = try await GlanceSession.login(cloud, user: "demo", project: "demo")
            let created = try await admin.send("POST", "/v2/images", json: ["name": "mine", "visibility": "private"])
            #expect(created.status == 201)
            let id = try created.json["id"]?.stringValue ?? ""
            let seen = try cloud.emulator.cloud.withState { cloud in
                (cloud.image.image(id: id, projectID: admin.projectID), cloud.image.image(id: id, projectID: demo.projectID))
            }
            #expect(seen.0?["status"] == "queued")
            #expect(seen.1 == nil)
            #expect(try cloud.emulator.cloud.withState { $0.image.image(id: Identifiers.uuid(), projectID: admin.projectID) } == nil)
        }
    }
}
