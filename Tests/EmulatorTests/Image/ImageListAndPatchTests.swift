import Emulator
import Foundation
import Testing

/// Lists with filters and `next` pagination, JSON-patch updates, and tags.
struct ImageListAndPatchTests {
    @Test func listFiltersAndPages() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let glance = try await GlanceSession.login(cloud)
            var ids: [String] = []
            for index in 0..<4 {
                ids.append(try await glance.createImage(["name": .string("img\(index)"), "tags": index % 2 == 0 ? ["even"] : ["odd"], "visibility": index == 3 ? "private" : "shared"]))
                clock.advance(by: 1)
            }
            func names(_ query: String, session: GlanceSession? = nil) async throws -> [String] {
                let response = try await (session ?? glance).send("GET", "/v2/images?" + query)
                #expect(response.status == 200, "\(query): \(response.text)")
                return try response.json["images"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await names("name=img2") == ["img2"])
            #expect(try await names("tag=even") == ["img2", "img0"])
            #expect(try await names("tag=even&tag=odd") == [])
            #expect(try await names("status=queued") == ["img3", "img2", "img1", "img0"])
            #expect(try await names("status=active") == ["cirros"])
            #expect(try await names("visibility=private") == ["img3"])
            #expect(try await names("visibility=public") == ["cirros"])
            #expect(try await names("sort=name:asc&status=queued") == ["img0", "img1", "img2", "img3"])
            let demo = try await GlanceSession.login(cloud, user: "demo", project: "demo")
            #expect(try await names("", session: demo) == ["cirros"])

            var seen: [String] = []
            var path = "/v2/images?limit=2"
            for _ in 0..<5 {
                let response = try await glance.send("GET", path)
                let body = try response.json
                seen += body["images"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(body["schema"] == "/v2/schemas/images")
                guard let next = body["next"]?.stringValue else { break }
                #expect(next.hasPrefix("/v2/images?limit=2&marker="))
                path = next
            }
            #expect(seen.count == 5)
            #expect(Array(seen.prefix(4)) == ids.reversed())
            let badMarker = try await glance.send("GET", "/v2/images?marker=\(Identifiers.uuid())")
            #expect(badMarker.status == 400)
            let badVisibility = try await glance.send("GET", "/v2/images?visibility=everyone")
            #expect(try badVisibility.json["message"] == "Invalid visibility value: everyone<br /><br />\n\n\n")
        }
    }

    @Test func patchAddsReplacesAndRemoves() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud)
            let id = try await glance.createImage(["name": "before"])
            let patch: EmulatorJSON = [
                ["op": "replace", "path": "/name", "value": "after"],
                ["op": "add", "path": "/hw_disk_bus", "value": "scsi"],
                ["op": "add", "path": "/min_ram", "value": 512],
            ]
            let media = "application/openstack-images-v2.1-json-patch"
            let patched = try await glance.send("PATCH", "/v2/images/\(id)", json: patch, contentType: media)
            #expect(patched.status == 200)
            #expect(try patched.json["name"] == "after")
            #expect(try patched.json["hw_disk_bus"] == "scsi")
            #expect(try patched.json["min_ram"] == 512)
            let removed = try await glance.send("PATCH", "/v2/images/\(id)", json: [["op": "remove", "path": "/hw_disk_bus"]], contentType: media)
            #expect(try removed.json["hw_disk_bus"] == nil)
            let missing = try await glance.send("PATCH", "/v2/images/\(id)", json: [["op": "remove", "path": "/nothing"]], contentType: media)
            #expect(missing.status == 409)
            let readOnly = try await glance.send("PATCH", "/v2/images/\(id)", json: [["op": "replace", "path": "/status", "value": "active"]], contentType: media)
            #expect(readOnly.status == 403)
            let plainJSON = try await glance.send("PATCH", "/v2/images/\(id)", json: patch)
            #expect(plainJSON.status == 415)
            let badType = try await glance.send("PATCH", "/v2/images/\(id)", json: [["op": "replace", "path": "/min_disk", "value": "x"]], contentType: media)
            #expect(badType.status == 400)
        }
    }

    @Test func tagsAddAndRemove() async throws {
        try await TestCloud.run { cloud in
            let glance = try await GlanceSession.login(cloud)
            let id = try await glance.createImage()
            #expect(try await glance.send("PUT", "/v2/images/\(id)/tags/blue").status == 204)
            #expect(try await glance.send("PUT", "/v2/images/\(id)/tags/blue").status == 204)
            #expect(try await glance.send("GET", "/v2/images/\(id)").json["tags"] == ["blue"])
            let listed = try await glance.send("GET", "/v2/images?tag=blue")
            #expect(try listed.json["images"]?.arrayValue?.count == 1)
            #expect(try await glance.send("DELETE", "/v2/images/\(id)/tags/blue").status == 204)
            #expect(try await glance.send("DELETE", "/v2/images/\(id)/tags/blue").status == 404)
            #expect(try await glance.send("GET", "/v2/images/\(id)").json["tags"] == [])
        }
    }
}
