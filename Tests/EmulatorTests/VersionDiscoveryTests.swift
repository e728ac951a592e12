import Emulator
import Testing

/// The version documents clients discover services from, compared with the real services'.
struct VersionDiscoveryTests {
    @Test func keystoneRootAndV3() async throws {
        try await TestCloud.run { cloud in
            let root = try await cloud.client.get("/identity")
            #expect(root.status == 300)
            #expect(root.header("Location") == cloud.base + "/identity/v3/")
            let values = try root.json["versions"]?["values"]?.arrayValue ?? []
            #expect(values.count == 1)
            #expect(values.first?["id"] == "v3.14")
            #expect(values.first?["status"] == "stable")
            #expect(values.first?["links"]?.arrayValue?.first?["href"]?.stringValue == cloud.base + "/identity/v3/")

            for path in ["/identity/v3", "/identity/v3/"] {
                let version = try await cloud.client.get(path)
                #expect(version.status == 200)
                #expect(try version.json["version"]?["media-types"]?.arrayValue?.first?["type"] == "application/vnd.openstack.identity-v3+json")
                #expect(version.header("Vary") == "X-Auth-Token")
                #expect(version.headerSpelling("x-openstack-request-id") == "x-openstack-request-id")
            }
        }
    }

    @Test func novaListsBothVersionsAndDescribesV21() async throws {
        try await TestCloud.run { cloud in
            let root = try await cloud.client.get("/compute")
            #expect(root.status == 200)
            #expect(root.header("x-openstack-request-id") == nil)
            let versions = try root.json["versions"]?.arrayValue ?? []
            #expect(versions.map { $0["id"]?.stringValue } == ["v2.0", "v2.1"])
            #expect(versions.last?["version"] == "2.93")
            #expect(versions.last?["min_version"] == "2.1")
            #expect(versions.last?["links"]?.arrayValue?.first?["href"]?.stringValue == cloud.base + "/compute/v2.1/")

            let current = try await cloud.client.get("/compute/v2.1/")
            #expect(current.status == 200)
            #expect(current.header("OpenStack-API-Version") == "compute 2.1")
            #expect(current.header("X-OpenStack-Nova-API-Version") == "2.1")
            #expect(current.headerValues("Vary") == ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"])
            #expect(current.headerSpelling("x-compute-request-id") == "x-compute-request-id")
            #expect(current.header("x-compute-request-id") == current.header("x-openstack-request-id"))
            #expect(try current.json["version"]?["media-types"]?.arrayValue?.first?["type"] == "application/vnd.openstack.compute+json;version=2.1")
        }
    }

    @Test func cinderRootIsPublicAndV3NeedsAToken() async throws {
        try await TestCloud.run { cloud in
            let root = try await cloud.client.get("/volume")
            #expect(root.status == 300)
            #expect(root.header("Openstack-Api-Version") == "volume 3.0")
            #expect(root.headerSpelling("openstack-api-version") == "Openstack-Api-Version")
            let version = try root.json["versions"]?.arrayValue?.first
            #expect(version?["version"] == "3.70")
            #expect(version?["min_version"] == "3.0")
            #expect(version?["links"]?.arrayValue?.last?["href"]?.stringValue == cloud.base + "/volume/v3/")

            #expect(try await cloud.client.get("/volume/v3").status == 401)
            let token = try await cloud.token()
            let authorized = try await cloud.client.get("/volume/v3/", headers: [("X-Auth-Token", token)])
            #expect(authorized.status == 200)
            #expect(authorized.headerSpelling("x-openstack-request-id") == "X-Openstack-Request-Id")
            #expect(authorized.headerSpelling("x-compute-request-id") == "X-Compute-Request-Id")
        }
    }

    @Test func neutronRootAndResourceIndex() async throws {
        try await TestCloud.run { cloud in
            let root = try await cloud.client.get("/network")
            #expect(root.status == 200)
            #expect(root.text == #"{"versions": [{"id": "v2.0", "status": "CURRENT", "links": [{"rel": "self", "href": "\#(cloud.base)/network/v2.0/"}]}]}"#)
            #expect(try await cloud.client.get("/network/v2.0").status == 401)
            let token = try await cloud.token()
            let index = try await cloud.client.get("/network/v2.0/", headers: [("X-Auth-Token", token)])
            #expect(index.status == 200)
            let collections = try index.json["resources"]?.arrayValue?.compactMap { $0["collection"]?.stringValue }
            #expect(collections == ["networks", "subnets", "subnetpools", "ports"])
        }
    }

    @Test func glanceRootIsAChoiceAndVersionsIsAList() async throws {
        try await TestCloud.run { cloud in
            let root = try await cloud.client.get("/image")
            #expect(root.status == 300)
            let listed = try await cloud.client.get("/image/versions")
            #expect(listed.status == 200)
            #expect(root.body == listed.body)
            let ids = try listed.json["versions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.first == "v2.15")
            #expect(ids.last == "v2.0")
            #expect(!ids.contains("v2.14"))
            #expect(listed.header("X-Openstack-Request-Id") == nil)
        }
    }

    @Test func pathsUnderNoServiceGetApachesNotFound() async throws {
        try await TestCloud.run { cloud in
            let response = try await cloud.client.get("/nowhere")
            #expect(response.status == 404)
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        }
    }
}
