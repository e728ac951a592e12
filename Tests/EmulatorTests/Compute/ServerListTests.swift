import Emulator
import Foundation
import Testing

struct ServerListTests {
    @Test func filtersAsNovaAppliesThem() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let web1 = try await nova.createServer("web-1", extra: ["tags": ["blue", "prod"]])
            clock.advance(by: 2)
            let web2 = try await nova.createServer("web-2", flavor: "2", extra: ["tags": ["green"]])
            clock.advance(by: 2)
            let db = try await nova.createServer("db")
            _ = try await nova.action(web2, ["os-stop": nil])
            clock.advance(by: 2)

            func names(_ query: String) async throws -> [String] {
                let response = try await nova.get("/servers" + query)
                #expect(response.status == 200, "\(query): \(response.text)")
                return try response.json["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await names("") == ["db", "web-2", "web-1"])
            #expect(try await names("?name=web") == ["web-2", "web-1"])
            #expect(try await names("?name=%5Eweb-%5B2-9%5D%24") == ["web-2"])
            #expect(try await names("?name=EB") == ["web-2", "web-1"])
            #expect(try await names("?status=SHUTOFF") == ["web-2"])
            #expect(try await names("?status=active&status=shutoff") == ["db", "web-2", "web-1"])
            #expect(try await names("?flavor=2") == ["web-2"])
            #expect(try await names("?tags=blue,prod") == ["web-1"])
            #expect(try await names("?tags-any=green,blue") == ["web-2", "web-1"])
            #expect(try await names("?not-tags-any=green") == ["db", "web-1"])
            #expect(try await names("?sort_key=display_name&sort_dir=asc") == ["db", "web-1", "web-2"])
            // Non-admins cannot filter on what Nova keeps for admins; the filter is dropped.
            #expect(try await names("?host=elsewhere") == ["db", "web-2", "web-1"])
            #expect(try await names("?unknown=1") == ["db", "web-2", "web-1"])

            let since = Timestamp.format(clock.now().addingTimeInterval(-3), .secondsZ)
            #expect(try await names("?changes-since=\(since)") == ["db", "web-2"])

            let badRegex = try await nova.get("/servers?name=(")
            #expect(badRegex.text == #"{"badRequest": {"code": 400, "message": "Invalid input for query parameters name. Value: (. '(' is not a 'regex'"}}"#)
            let badStatus = try await nova.get("/servers?status=bogus")
            #expect(try badStatus.json["badRequest"]?["message"] == "Invalid status value")
            #expect(try await nova.at("2.37").get("/servers?status=bogus").json["servers"] == [])
            let badTime = try await nova.get("/servers?changes-since=bogus")
            #expect(try badTime.json["badRequest"]?["message"] == "Invalid input for query parameters changes-since. Value: bogus. 'bogus' is not a 'date-time'")
            let deleted = try await nova.get("/servers?status=deleted")
            #expect(deleted.status == 403)
            #expect(try deleted.json["forbidden"]?["message"] == "Only administrators may list deleted instances")
            #expect(try await nova.get("/servers?metadata=x").status == 400)
            _ = db
            _ = web1
        }
    }

    @Test func limitMarkerAndServersLinks() async throws {
        let (config, clock) = ManualCloud.config()
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await nova.createServer("s\(index)"))
                clock.advance(by: 1)
            }
            let newestFirst = Array(ids.reversed())
            let first = try await nova.get("/servers?limit=2")
            #expect(try first.json["servers"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == Array(newestFirst[0..<2]))
            #expect(try first.json["servers_links"] == [
                ["rel": "next", "href": .string(cloud.base + "/compute/v2.1/servers?limit=2&marker=\(newestFirst[1])")],
            ])
            let second = try await nova.get("/servers/detail?limit=2&marker=\(newestFirst[1])")
            #expect(try second.json["servers"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == Array(newestFirst[2..<4]))
            #expect(try second.json["servers_links"]?.arrayValue?.first?["href"] == .string(cloud.base + "/compute/v2.1/servers/detail?limit=2&marker=\(newestFirst[3])"))
            let last = try await nova.get("/servers?limit=2&marker=\(newestFirst[3])")
            #expect(try last.json["servers"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == [newestFirst[4]])
            #expect(try last.json["servers_links"] == nil)

            // A marker outside the filter still places the page.
            let filtered = try await nova.get("/servers?name=s[0-2]&marker=\(newestFirst[0])")
            #expect(try filtered.json["servers"]?.arrayValue?.map { $0["name"] } == ["s2", "s1", "s0"])
            let bad = try await nova.get("/servers?marker=nope")
            #expect(bad.text == #"{"badRequest": {"code": 400, "message": "marker [nope] not found"}}"#)
            let limit = try await nova.get("/servers?limit=-1")
            #expect(try limit.json["badRequest"]?["message"] == "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'")
            #expect(try await nova.get("/servers?limit=0").json["servers"] == [])
        }
    }

    @Test func projectsSeeOnlyTheirOwnServersAndAdminsAllTenants() async throws {
        let (config, _) = ManualCloud.config()
        try await TestCloud.run(config) { cloud in
            let demo = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let admin = try await NovaClient.login(cloud, version: "2.93")
            let theirs = try await demo.createServer("theirs")
            _ = try await admin.createServer("mine")
            #expect(try await demo.get("/servers").json["servers"]?.arrayValue?.map { $0["name"] } == ["theirs"])
            #expect(try await admin.get("/servers").json["servers"]?.arrayValue?.map { $0["name"] } == ["mine"])
            let all = try await admin.get("/servers?all_tenants=1")
            #expect(try all.json["servers"]?.arrayValue?.count == 2)
            let one = try await admin.get("/servers?all_tenants=True&project_id=\(demo.projectID)")
            #expect(try one.json["servers"]?.arrayValue?.map { $0["name"] } == ["theirs"])
            #expect(try await demo.get("/servers?all_tenants=1").json["servers"]?.arrayValue?.count == 1)
            #expect(try await admin.get("/servers/\(theirs)").status == 200)
            let hidden = try await NovaClient.login(cloud, user: "demo").get("/servers/\(try await admin.get("/servers").json["servers"]?.arrayValue?.first?["id"]?.stringValue ?? "")")
            #expect(hidden.status == 404)
        }
    }
}
