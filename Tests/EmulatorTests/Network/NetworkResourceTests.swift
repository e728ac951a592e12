import Emulator
import Testing

/// Networks: the seeded `public` network, create/show/update/delete, policy, and NeutronError bodies.
struct NetworkResourceTests {
    @Test func publicIsSeededExternalAndSharedWithASubnet() async throws {
        try await TestCloud.run { cloud in
            let admin = try await NeutronSession.admin(cloud)
            let response = try await admin.get("/networks?name=public")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("X-Openstack-Request-Id")?.hasPrefix("req-") == true)
            // Neutron writes its core resources without spaces.
            #expect(response.text.hasPrefix(#"{"networks":[{"id":""#))
            let network = try response.json["networks"]?[0]
            #expect(network?["router:external"] == true)
            #expect(network?["shared"] == true)
            #expect(network?["mtu"] == 1500)
            #expect(network?["provider:network_type"] == "flat")
            #expect(network?["is_default"] == false)
            #expect(network?["revision_number"] == 2)
            let subnetID = network?["subnets"]?[0]?.stringValue ?? ""
            let subnet = try await admin.get("/subnets/\(subnetID)").json["subnet"]
            #expect(subnet?["cidr"] == "172.24.4.0/24")
            #expect(subnet?["gateway_ip"] == "172.24.4.1")
            #expect(subnet?["enable_dhcp"] == false)
            #expect(subnet?["allocation_pools"] == [["start": "172.24.4.2", "end": "172.24.4.254"]])
            // Demo sees it, without the admin-only provider attributes.
            let demo = try await NeutronSession.demo(cloud)
            let seen = try await demo.get("/networks/\(network?["id"]?.stringValue ?? "")").json["network"]
            #expect(seen?["name"] == "public")
            #expect(seen?["provider:network_type"] == nil)
        }
    }

    @Test func createShowUpdateDelete() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let created = try await demo.post("/networks", ["network": ["name": "net1", "description": "mine"]])
            #expect(created.status == 201)
            let network = try created.json["network"]
            let id = network?["id"]?.stringValue ?? ""
            #expect(network?.objectValue?.keys == [
                "id", "name", "tenant_id", "admin_state_up", "mtu", "status", "subnets", "shared", "availability_zone_hints",
                "availability_zones", "ipv4_address_scope", "ipv6_address_scope", "router:external", "description",
                "port_security_enabled", "is_default", "tags", "created_at", "updated_at", "revision_number", "project_id",
            ])
            #expect(network?["mtu"] == 1450)
            #expect(network?["status"] == "ACTIVE")
            #expect(network?["revision_number"] == 1)
            #expect(network?["tenant_id"] == network?["project_id"])

            let shown = try await demo.get("/networks/\(id)?fields=name&fields=status")
            #expect(shown.text == #"{"network":{"name":"net1","status":"ACTIVE"}}"#)
            #expect(try await demo.get("/networks/\(id)").json["network"]?["is_default"] == nil)

            let updated = try await demo.put("/networks/\(id)", ["network": ["name": "renamed", "admin_state_up": "false"]])
            #expect(updated.status == 200)
            #expect(try updated.json["network"]?["name"] == "renamed")
            #expect(try updated.json["network"]?["admin_state_up"] == false)
            #expect(try updated.json["network"]?["revision_number"] == 2)

            #expect(try await demo.delete("/networks/\(id)").status == 204)
            expectNeutronError(
                try await demo.get("/networks/\(id)"), 404, "NetworkNotFound", "Network \(id) could not be found.")
            expectNeutronError(try await demo.delete("/networks/\(id)"), 404, "NetworkNotFound")
        }
    }

    @Test func badBodiesAnswerNeutronErrors() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            expectNeutronError(
                try await demo.post("/networks", ["network": ["name": "x", "bogus": 1]]), 400, "HTTPBadRequest",
                "Unrecognized attribute(s) 'bogus'")
            expectNeutronError(
                try await demo.post("/networks", ["network": ["name": 1]]), 400, "HTTPBadRequest",
                "Invalid input for name. Reason: '1' is not a valid string.")
            expectNeutronError(
                try await demo.post("/networks", ["network": ["admin_state_up": "maybe"]]), 400, "InvalidInput",
                "Invalid input for operation: 'maybe' cannot be converted to boolean.")
            expectNeutronError(
                try await demo.post("/networks", ["nets": [:]]), 400, "HTTPBadRequest", "Unable to find 'network' in request body")
            let garbage = try await cloud.client.send(
                "POST", "/network/v2.0/networks", headers: [("X-Auth-Token", demo.token), ("Content-Type", "application/json")],
                body: Array("{bad".utf8))
            expectNeutronError(garbage, 400, "HTTPBadRequest", "Body contains invalid data")
            let empty = try await demo.put("/networks/x")
            expectNeutronError(empty, 400, "HTTPBadRequest", "Unable to find 'network' in request body")
            let created = try await demo.create("networks", "network", ["name": "n"])
            expectNeutronError(
                try await demo.put("/networks/\(created["id"]?.stringValue ?? "")", ["network": ["id": "x"]]), 400, "HTTPBadRequest",
                "Cannot update read-only attribute id")
            expectNeutronError(
                try await demo.post("/networks", ["network": ["tenant_id": "other"]]), 400, "HTTPBadRequest",
                "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges")
        }
    }

    @Test func policyKeepsAdminAttributesAndOthersNetworksAway() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            expectNeutronError(
                try await demo.post("/networks", ["network": ["shared": true]]), 403, "PolicyNotAuthorized",
                "(rule:create_network and rule:create_network:shared) is disallowed by policy")
            expectNeutronError(
                try await demo.post("/networks", ["network": ["router:external": true]]), 403, "PolicyNotAuthorized",
                "(rule:create_network and rule:create_network:router:external) is disallowed by policy")
            let publicID = try await demo.get("/networks?name=public").json["networks"]?[0]?["id"]?.stringValue ?? ""
            expectNeutronError(
                try await demo.delete("/networks/\(publicID)"), 403, "PolicyNotAuthorized", "rule:delete_network is disallowed by policy")
            expectNeutronError(
                try await demo.put("/networks/\(publicID)", ["network": ["name": "x"]]), 403, "PolicyNotAuthorized",
                "rule:update_network is disallowed by policy")
            let subnetOnPublic = try await demo.post("/subnets", ["subnet": ["network_id": .string(publicID), "cidr": "10.77.0.0/24", "ip_version": 4]])
            expectNeutronError(subnetOnPublic, 403, "HTTPForbidden")

            let admin = try await NeutronSession.admin(cloud)
            let hidden = try await admin.create("networks", "network", ["name": "admin-only"])
            let hiddenID = hidden["id"]?.stringValue ?? ""
            expectNeutronError(try await demo.get("/networks/\(hiddenID)"), 404, "NetworkNotFound")
            #expect(try await demo.get("/networks?name=admin-only").json["networks"] == [])
            let provider = try await admin.create(
                "networks", "network", ["name": "vlan", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                    "provider:segmentation_id": 100])
            #expect(provider["mtu"] == 1500)
            #expect(provider["provider:segmentation_id"] == 100)
            let forDemo = try await admin.create("networks", "network", ["name": "given", "project_id": "p-demo"])
            #expect(forDemo["tenant_id"] == "p-demo")
        }
    }

    @Test func deletingANetworkWithPortsAnswers409() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("busy", cidr: "10.2.0.0/24")
            let first = try await demo.create("ports", "port", ["network_id": .string(network)])
            let second = try await demo.create("ports", "port", ["network_id": .string(network)])
            let ids = [first, second].compactMap { $0["id"]?.stringValue }
            expectNeutronError(
                try await demo.delete("/networks/\(network)"), 409, "NetworkInUse",
                "Unable to complete operation on network \(network). There are one or more ports still in use on the network, id for these ports is: \(ids.joined(separator: ",")).")
            expectNeutronError(
                try await demo.delete("/subnets/\(subnet)"), 409, "SubnetInUse",
                "Unable to complete operation on subnet \(subnet): One or more ports have an IP allocation from this subnet.")
            for id in ids { #expect(try await demo.delete("/ports/\(id)").status == 204) }
            #expect(try await demo.delete("/networks/\(network)").status == 204)
            // Its subnets went with it.
            expectNeutronError(try await demo.get("/subnets/\(subnet)"), 404, "SubnetNotFound")
        }
    }

    @Test func unknownPathsAndMethods() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            expectNeutronError(try await demo.get("/bogus"), 404, "HTTPNotFound", "The resource could not be found.")
            let patch = try await cloud.client.send("PATCH", "/network/v2.0/networks", headers: [("X-Auth-Token", demo.token)])
            expectNeutronError(patch, 405, "HTTPMethodNotAllowed")
            let extensions = try await demo.get("/extensions")
            #expect(try extensions.json["extensions"]?.arrayValue?.contains { $0["alias"] == "router" } == true)
            #expect(try await demo.get("/extensions/security-group").json["extension"]?["name"] == "security-group")
            let missing = try await demo.get("/extensions/bogus")
            #expect(missing.status == 404)
            #expect(missing.text.contains("Extension with alias bogus does not exist"))
        }
    }
}

/// Zed takes tags through `/tags` only: a create body with them is refused, except a port's.
struct TagsOnCreateTests {
    @Test func tagsInCreateBodies() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, _) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            for (collection, resource, body) in [
                ("networks", "network", ["name": "x"] as EmulatorJSONObject), ("routers", "router", ["name": "x"]),
                ("security-groups", "security_group", ["name": "x"]),
                ("subnets", "subnet", ["network_id": .string(network), "cidr": "10.9.0.0/24", "ip_version": 4]),
            ] {
                var attributes = body
                attributes["tags"] = ["a"]
                expectNeutronError(
                    try await demo.post("/" + collection, [resource: .object(attributes)]), 400, "HTTPBadRequest",
                    "Attribute 'tags' not allowed in POST")
            }
            let port = try await demo.create("ports", "port", ["network_id": .string(network), "tags": ["b", "a"]])
            #expect(port["tags"] == ["a", "b"])
        }
    }
}
