import Emulator
import Testing

struct IdentityReadTests {
    @Test func adminListsAndDemoIsForbidden() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let demo = try await cloud.token(user: "demo", project: "demo")
            for (path, key, count) in [("/identity/v3/users", "users", 2), ("/identity/v3/projects", "projects", 2), ("/identity/v3/roles", "roles", 3)] {
                let listed = try await cloud.client.get(path, headers: [("X-Auth-Token", admin)])
                #expect(listed.status == 200)
                #expect(try listed.json[key]?.arrayValue?.count == count)
                #expect(try listed.json["links"]?["self"]?.stringValue == cloud.base + path)
            }
            let filtered = try await cloud.client.get("/identity/v3/users?name=demo", headers: [("X-Auth-Token", admin)])
            #expect(try filtered.json["users"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["demo"])

            let forbidden = try await cloud.client.get("/identity/v3/users", headers: [("X-Auth-Token", demo)])
            #expect(forbidden.status == 403)
            #expect(forbidden.text == #"{"error":{"code":403,"message":"You are not authorized to perform the requested action: identity:list_users.","title":"Forbidden"}}"#)

            let missing = try await cloud.client.get("/identity/v3/users/does-not-exist", headers: [("X-Auth-Token", admin)])
            #expect(missing.status == 404)
            #expect(missing.text == #"{"error":{"code":404,"message":"Could not find user: does-not-exist.","title":"Not Found"}}"#)

            let mine = try await cloud.client.get("/identity/v3/auth/projects", headers: [("X-Auth-Token", demo)])
            #expect(try mine.json["projects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["demo"])
            let catalog = try await cloud.client.get("/identity/v3/auth/catalog", headers: [("X-Auth-Token", demo)])
            #expect(try catalog.json["catalog"]?.arrayValue?.count == 6)
            let system = try await cloud.client.get("/identity/v3/auth/system", headers: [("X-Auth-Token", admin)])
            #expect(try system.json["system"] == [["all": true]])
        }
    }

    @Test func projectsCanBeCreatedOnceAndDeleted() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let created = try await cloud.client.send("POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin)], json: [
                "project": ["name": "scratch", "description": "x"],
            ])
            #expect(created.status == 201)
            let id = try #require(try created.json["project"]?["id"]?.stringValue)
            #expect(try created.json["project"]?["parent_id"] == "default")

            let duplicate = try await cloud.client.send("POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin)], json: [
                "project": ["name": "scratch"],
            ])
            #expect(duplicate.status == 409)
            #expect(try duplicate.json["error"]?["message"]?.stringValue?.hasSuffix("name is scratch, project id \(id).") == true)
            let invalid = try await cloud.client.send("POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin)], json: ["project": ["nme": "x"]])
            #expect(invalid.status == 400)
            #expect(try invalid.json["error"]?["message"]?.stringValue?.hasPrefix("'name' is a required property") == true)

            #expect(try await cloud.client.send("DELETE", "/identity/v3/projects/" + id, headers: [("X-Auth-Token", admin)]).status == 204)
            #expect(try await cloud.client.get("/identity/v3/projects/" + id, headers: [("X-Auth-Token", admin)]).status == 404)
        }
    }

    @Test func regionsServicesAndEndpointsDescribeTheCatalog() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let regions = try await cloud.client.get("/identity/v3/regions", headers: [("X-Auth-Token", admin)])
            #expect(try regions.json["regions"]?.arrayValue?.first?["id"] == "RegionOne")
            let services = try await cloud.client.get("/identity/v3/services?type=compute", headers: [("X-Auth-Token", admin)])
            #expect(try services.json["services"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["nova"])
            let endpoints = try await cloud.client.get("/identity/v3/endpoints?interface=public", headers: [("X-Auth-Token", admin)])
            #expect(try endpoints.json["endpoints"]?.arrayValue?.count == 6)
        }
    }
}
