import Emulator
import Testing

/// Filters on any attribute, fields=, sorting, limit/marker pagination with links, and tags.
struct NeutronListTests {
    /// Three networks of demo's plus `public`, ids in order.
    static func networks(_ demo: NeutronSession) async throws -> [String] {
        for name in ["alpha", "beta", "gamma"] { _ = try await demo.create("networks", "network", ["name": .string(name)]) }
        let all = try await demo.get("/networks?fields=id").json["networks"]?.arrayValue ?? []
        return all.compactMap { $0["id"]?.stringValue }
    }

    @Test func filtersAndFields() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let ids = try await Self.networks(demo)
            #expect(ids == ids.sorted())
            #expect(ids.count == 4)
            let names = try await demo.get("/networks?name=alpha&name=gamma&fields=name").json["networks"]
            #expect(names == [["name": "alpha"], ["name": "gamma"]] || names == [["name": "gamma"], ["name": "alpha"]])
            #expect(try await demo.get("/networks?mtu=1450&fields=name").json["networks"]?.arrayValue?.count == 3)
            #expect(try await demo.get("/networks?router:external=true&fields=name").json["networks"] == [["name": "public"]])
            #expect(try await demo.get("/networks?shared=1&fields=name").json["networks"] == [["name": "public"]])
            #expect(try await demo.get("/networks?name=&fields=name").json["networks"] == [])
            expectNeutronError(try await demo.get("/networks?bogus=1"), 400, "HTTPBadRequest", "['bogus'] is invalid attribute for filtering")
            expectNeutronError(
                try await demo.get("/networks?shared=maybe"), 400, "InvalidInput",
                "Invalid input for operation: 'maybe' cannot be converted to boolean.")
            let fields = try await demo.get("/networks?name=alpha&fields=name&fields=tenant_id")
            #expect(try fields.json["networks"]?[0]?.objectValue?.keys == ["name", "tenant_id"])
            #expect(try await demo.get("/networks?name=alpha&fields=bogus").text == #"{"networks":[{}]}"#)

            let (network, subnet) = try await demo.networkWithSubnet("ports", cidr: "10.1.0.0/24")
            _ = try await demo.create("ports", "port", ["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.10"]]])
            _ = try await demo.create("ports", "port", ["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.20"]]])
            #expect(try await demo.get("/ports?fixed_ips=ip_address%3D10.1.0.20").json["ports"]?.arrayValue?.count == 1)
            #expect(try await demo.get("/ports?fixed_ips=subnet_id%3D\(subnet)").json["ports"]?.arrayValue?.count == 2)
            #expect(try await demo.get("/ports?fixed_ips=ip_address_substr%3D10.1.0.1").json["ports"]?.arrayValue?.count == 1)
        }
    }

    @Test func sortingAndPagination() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let ids = try await Self.networks(demo)
            let base = cloud.base + "/network/v2.0/networks"
            let first = try await demo.get("/networks?limit=2&fields=id").json
            #expect(first["networks"] == [["id": .string(ids[0])], ["id": .string(ids[1])]])
            #expect(first["networks_links"] == [
                ["rel": "next", "href": .string("\(base)?limit=2&fields=id&marker=\(ids[1])")],
                ["rel": "previous", "href": .string("\(base)?limit=2&fields=id&marker=\(ids[0])&page_reverse=True")],
            ])
            let second = try await demo.get("/networks?limit=2&fields=id&marker=\(ids[1])").json
            #expect(second["networks"] == [["id": .string(ids[2])], ["id": .string(ids[3])]])
            // A full page always gets `next`, as Neutron cannot tell that nothing follows.
            #expect(second["networks_links"]?.arrayValue?.map { $0["rel"] } == ["next", "previous"])
            let short = try await demo.get("/networks?limit=3&fields=id&marker=\(ids[1])").json
            #expect(short["networks_links"]?.arrayValue?.map { $0["rel"] } == ["previous"])
            let reversed = try await demo.get("/networks?limit=2&fields=id&marker=\(ids[3])&page_reverse=True").json
            #expect(reversed["networks"] == [["id": .string(ids[1])], ["id": .string(ids[2])]])
            let atStart = try await demo.get("/networks?limit=2&fields=id&marker=\(ids[0])&page_reverse=True").json
            #expect(atStart["networks"] == [])
            #expect(atStart["networks_links"] == [["rel": "next", "href": .string("\(base)?limit=2&fields=id")]])
            #expect(try await demo.get("/networks?limit=0").json["networks_links"] == nil)
            // A marker naming nothing is ignored.
            #expect(try await demo.get("/networks?marker=nope&fields=id").json["networks"]?.arrayValue?.count == 4)
            expectNeutronError(
                try await demo.get("/networks?limit=abc"), 400, "BadRequest",
                "Bad limit request: Limit must be an integer 0 or greater and not 'abc'.")

            let sorted = try await demo.get("/networks?sort_key=name&sort_dir=desc&fields=name").json["networks"]
            #expect(sorted == [["name": "public"], ["name": "gamma"], ["name": "beta"], ["name": "alpha"]])
            expectNeutronError(
                try await demo.get("/networks?sort_key=name"), 400, "HTTPBadRequest", "The number of sort_keys and sort_dirs must be same")
            expectNeutronError(
                try await demo.get("/networks?sort_key=bogus&sort_dir=asc"), 400, "HTTPBadRequest", "['bogus'] is invalid attribute for sort_keys")
            expectNeutronError(
                try await demo.get("/networks?sort_key=name&sort_dir=up"), 400, "HTTPBadRequest",
                "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'")
        }
    }

    @Test func tagsSubResourceAndFilters() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let network = try await demo.create("networks", "network", ["name": "tagged"])
            let id = network["id"]?.stringValue ?? ""
            let added = try await demo.put("/networks/\(id)/tags/red")
            #expect(added.status == 201)
            #expect(added.text == "null")
            _ = try await demo.put("/networks/\(id)/tags/blue")
            let listed = try await demo.get("/networks/\(id)/tags")
            #expect(listed.text == #"{"tags": ["blue", "red"]}"#)
            #expect(try await demo.get("/networks/\(id)/tags/red").status == 204)
            expectNeutronError(try await demo.get("/networks/\(id)/tags/green"), 404, "TagNotFound", "Tag green could not be found.")
            let replaced = try await demo.put("/networks/\(id)/tags", ["tags": ["b", "a"]])
            #expect(replaced.text == #"{"tags": ["b", "a"]}"#)
            #expect(try await demo.get("/networks/\(id)").json["network"]?["tags"] == ["a", "b"])
            expectNeutronError(
                try await demo.put("/networks/\(id)/tags", ["tags": ["a", "a"]]), 400, "InvalidInput",
                "Invalid input for operation: Duplicate items in the list: 'a'.")
            expectNeutronError(
                try await demo.put("/networks/\(id)/tags", ["tagz": ["a"]]), 400, "InvalidInput", "Invalid input for operation: Invalid tags body.")
            #expect(try await demo.get("/networks?tags=a,b&fields=name").json["networks"] == [["name": "tagged"]])
            #expect(try await demo.get("/networks?tags=a&tags=c&fields=name").json["networks"] == [])
            #expect(try await demo.get("/networks?tags-any=zz,a&fields=name").json["networks"] == [["name": "tagged"]])
            #expect(try await demo.get("/networks?not-tags=a&fields=name").json["networks"] == [["name": "public"]])
            #expect(try await demo.get("/networks?not-tags-any=zz,b&fields=name").json["networks"] == [["name": "public"]])
            #expect(try await demo.delete("/networks/\(id)/tags/a").status == 204)
            expectNeutronError(try await demo.delete("/networks/\(id)/tags/a"), 404, "TagNotFound")
            #expect(try await demo.delete("/networks/\(id)/tags").status == 204)
            #expect(try await demo.get("/networks/\(id)/tags").text == #"{"tags": []}"#)
            let zero = "00000000-0000-0000-0000-000000000000"
            expectNeutronError(
                try await demo.put("/networks/\(zero)/tags/red"), 404, "TagResourceNotFound", "Resource networks \(zero) could not be found.")
            let router = try await demo.create("routers", "router", ["name": "r"])
            #expect(try await demo.put("/routers/\(router["id"]?.stringValue ?? "")/tags/edge").status == 201)
            #expect(try await demo.get("/routers?tags=edge").json["routers"]?.arrayValue?.count == 1)
        }
    }
}
