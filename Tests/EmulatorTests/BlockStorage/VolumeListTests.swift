import Emulator
import Foundation
import Testing

/// Lists: summary and detail, filters (and Cinder's 400 for a filter a member may not use),
/// `volumes_links` pagination, sorting and `with_count`.
struct VolumeListTests {
    @Test func paginationFollowsVolumesLinks() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let admin = try await CinderSession.login(cloud)
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await admin.createVolume(["size": 1, "name": .string("v\(index)")]))
                clock.advance(by: 1)
            }
            var seen: [String] = []
            var path = "/volumes?limit=2"
            var pages = 0
            while pages < 10 {
                pages += 1
                let response = try await admin.send("GET", path)
                #expect(response.status == 200)
                let body = try response.json
                let page = body["volumes"]?.arrayValue ?? []
                #expect(page.allSatisfy { Set($0.objectValue?.keys ?? []) == ["id", "name", "links"] })
                seen += page.compactMap { $0["id"]?.stringValue }
                guard let next = body["volumes_links"]?.arrayValue?.first?["href"]?.stringValue else { break }
                #expect(next.hasPrefix("\(cloud.base)\(admin.root)/volumes?limit=2&marker="))
                path = String(next.dropFirst((cloud.base + admin.root).count))
            }
            // Newest first, and a full last page still links on, as Cinder does.
            #expect(seen == ids.reversed())
            #expect(pages == 3)
            let badMarker = try await admin.send("GET", "/volumes?marker=\(Identifiers.uuid())")
            #expect(badMarker.status == 404)
            let badLimit = try await admin.send("GET", "/volumes?limit=x")
            #expect(try badLimit.json["badRequest"]?["message"] == "limit param must be an integer")
            let counted = try await admin.send("GET", "/volumes/detail?limit=1&with_count=true", version: "3.45")
            #expect(try counted.json["count"] == 5)
            #expect(try counted.json["volumes"]?.arrayValue?.first?["status"] == "available")
            let sorted = try await admin.send("GET", "/volumes?sort=name:asc")
            #expect(try sorted.json["volumes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["v0", "v1", "v2", "v3", "v4"])
        }
    }

    @Test func filtersByNameStatusMetadataAndSize() async throws {
        let clock = ManualClock()
        try await TestCloud.run(.manual(clock)) { cloud in
            let demo = try await CinderSession.login(cloud, user: "demo", project: "demo")
            let small = try await demo.createVolume(["size": 1, "name": "small", "metadata": ["tier": "cold"]])
            clock.advance(by: 1)
            let big = try await demo.createVolume(["size": 5, "name": "big-one"])
            func names(_ query: String, version: String? = nil) async throws -> [String] {
                let response = try await demo.send("GET", "/volumes/detail?" + query, version: version)
                #expect(response.status == 200, "\(query): \(response.text)")
                return try response.json["volumes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await names("name=small") == ["small"])
            #expect(try await names("status=creating") == ["big-one"])
            #expect(try await names("status=available") == ["small"])
            #expect(try await names("size=5") == ["big-one"])
            #expect(try await names("metadata=%7B%27tier%27%3A%20%27cold%27%7D") == ["small"])
            #expect(try await names("name~=big", version: "3.34") == ["big-one"])
            #expect(try await names("bootable=false").count == 2)
            let forbidden = try await demo.send("GET", "/volumes?host=x", version: "3.31")
            #expect(forbidden.status == 400)
            #expect(try forbidden.json["badRequest"]?["message"] == "Invalid filters host are found in query options.")
            // Before 3.31 Cinder drops filters a member may not use.
            #expect(try await names("host=x").count == 2)
            _ = (small, big)
        }
    }
}
