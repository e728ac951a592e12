import Emulator
import Testing

/// Subnets: CIDR validation, gateway, allocation pools, IP versions.
struct SubnetTests {
    static func subnet(_ network: String, _ cidr: String, version: Int = 4, _ extra: EmulatorJSONObject = [:]) -> EmulatorJSON {
        var subnet: EmulatorJSONObject = ["network_id": .string(network), "cidr": .string(cidr), "ip_version": .int(version)]
        for (key, value) in extra { subnet[key] = value }
        return ["subnet": .object(subnet)]
    }

    @Test func defaultsFollowTheCIDR() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let network = try await demo.create("networks", "network", ["name": "n"])["id"]?.stringValue ?? ""
            let v4 = try await demo.post("/subnets", Self.subnet(network, "10.1.0.5/24", ["name": "v4"]))
            #expect(v4.status == 201)
            let subnet = try v4.json["subnet"]
            #expect(subnet?["cidr"] == "10.1.0.0/24")
            #expect(subnet?["gateway_ip"] == "10.1.0.1")
            #expect(subnet?["allocation_pools"] == [["start": "10.1.0.2", "end": "10.1.0.254"]])
            #expect(subnet?["enable_dhcp"] == true)
            #expect(subnet?["revision_number"] == 0)
            #expect(subnet?.objectValue?.keys == [
                "id", "name", "tenant_id", "network_id", "ip_version", "subnetpool_id", "enable_dhcp", "ipv6_ra_mode",
                "ipv6_address_mode", "gateway_ip", "cidr", "allocation_pools", "host_routes", "dns_nameservers", "description",
                "service_types", "tags", "created_at", "updated_at", "revision_number", "project_id",
            ])
            let v6 = try await demo.post("/subnets", Self.subnet(network, "fd00:1::/64", version: 6))
            #expect(try v6.json["subnet"]?["gateway_ip"] == "fd00:1::")
            #expect(try v6.json["subnet"]?["allocation_pools"] == [["start": "fd00:1::1", "end": "fd00:1::ffff:ffff:ffff:ffff"]])
            let noGateway = try await demo.post("/subnets", Self.subnet(network, "10.3.0.0/24", ["gateway_ip": nil, "enable_dhcp": false]))
            #expect(try noGateway.json["subnet"]?["gateway_ip"] == .null)
            #expect(try noGateway.json["subnet"]?["allocation_pools"] == [["start": "10.3.0.1", "end": "10.3.0.254"]])
            let middle = try await demo.post("/subnets", Self.subnet(network, "10.4.0.0/28", ["gateway_ip": "10.4.0.5"]))
            #expect(try middle.json["subnet"]?["allocation_pools"] == [
                ["start": "10.4.0.1", "end": "10.4.0.4"], ["start": "10.4.0.6", "end": "10.4.0.14"],
            ])
            let pools = try await demo.post("/subnets", Self.subnet(network, "10.5.0.0/24", [
                "allocation_pools": [["start": "10.5.0.100", "end": "10.5.0.110"], ["start": "10.5.0.20", "end": "10.5.0.30"]],
                "dns_nameservers": ["8.8.8.8"], "host_routes": [["destination": "0.0.0.0/0", "nexthop": "10.5.0.9"]],
            ]))
            #expect(try pools.json["subnet"]?["allocation_pools"] == [
                ["start": "10.5.0.20", "end": "10.5.0.30"], ["start": "10.5.0.100", "end": "10.5.0.110"],
            ])
            #expect(try pools.json["subnet"]?["dns_nameservers"] == ["8.8.8.8"])
            let shown = try await demo.get("/networks/\(network)").json["network"]
            #expect(shown?["subnets"]?.arrayValue?.count == 5)
            #expect(shown?["revision_number"] == 6)
        }
    }

    @Test func invalidSubnetsAreRefusedAsNeutronRefusesThem() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let network = try await demo.create("networks", "network", ["name": "n"])["id"]?.stringValue ?? ""
            #expect(try await demo.post("/subnets", Self.subnet(network, "10.1.0.0/24")).status == 201)
            let cases: [(EmulatorJSON, Int, String, String)] = [
                (Self.subnet(network, "abc"), 400, "InvalidInput", "Invalid input for operation: abc is not in a CIDR format."),
                (Self.subnet(network, "10.1.0.0/33"), 400, "InvalidInput", "Invalid input for operation: 10.1.0.0/33 is not in a CIDR format."),
                (Self.subnet(network, "10.2.0.0/24", version: 6), 400, "InvalidInput",
                 "Invalid input for operation: cidr '10.2.0.0/24' does not match the ip_version '6'."),
                (Self.subnet(network, "10.1.0.128/25"), 400, "InvalidInput",
                 "Invalid input for operation: Requested subnet with cidr: 10.1.0.128/25 for network: \(network) overlaps with another subnet."),
                (Self.subnet(network, "10.2.0.0/31"), 400, "InvalidInput",
                 "Invalid input for operation: Subnet has a prefix length that is incompatible with DHCP service enabled."),
                (Self.subnet(network, "10.2.0.0/24", version: 5), 400, "HTTPBadRequest", "Invalid input for ip_version. Reason: 5 is not in valid_values."),
                (["subnet": ["network_id": .string(network), "cidr": "10.2.0.0/24"]], 400, "HTTPBadRequest",
                 "Failed to parse request. Required attribute 'ip_version' not specified"),
                (["subnet": ["network_id": .string(network), "ip_version": 4]], 400, "BadRequest",
                 "Bad subnets request: a subnetpool must be specified in the absence of a cidr."),
                (["subnet": ["network_id": "nope", "cidr": "10.2.0.0/24", "ip_version": 4]], 400, "HTTPBadRequest",
                 "Invalid input for network_id. Reason: 'nope' is not a valid UUID."),
                (Self.subnet("00000000-0000-0000-0000-000000000000", "10.2.0.0/24"), 404, "NetworkNotFound",
                 "Network 00000000-0000-0000-0000-000000000000 could not be found."),
                (Self.subnet(network, "10.2.0.0/24", ["gateway_ip": "10.2.0.0"]), 400, "InvalidInput",
                 "Invalid input for operation: Gateway is not valid on subnet."),
                (Self.subnet(network, "10.2.0.0/24", ["gateway_ip": "bogus"]), 400, "HTTPBadRequest",
                 "Invalid input for gateway_ip. Reason: 'bogus' is not a valid IP address."),
                (Self.subnet(network, "10.2.0.0/24", ["allocation_pools": [["start": "10.2.0.10", "end": "10.2.1.20"]]]), 400,
                 "OutOfBoundsAllocationPool", "The allocation pool 10.2.0.10-10.2.1.20 spans beyond the subnet cidr 10.2.0.0/24."),
                (Self.subnet(network, "10.2.0.0/24", ["allocation_pools": [["start": "10.2.0.10", "end": "10.2.0.5"]]]), 400,
                 "InvalidAllocationPool", "The allocation pool {'start': '10.2.0.10', 'end': '10.2.0.5'} is not valid."),
                (Self.subnet(network, "10.2.0.0/24", ["allocation_pools": [["start": "10.2.0.10"]]]), 400, "HTTPBadRequest",
                 "Invalid input for allocation_pools. Reason: Validation of dictionary's keys failed. Expected keys: {'end', 'start'} Provided keys: {'start'}."),
                (Self.subnet(network, "10.2.0.0/24", ["allocation_pools": [["start": "10.2.0.10", "end": "10.2.0.50"], ["start": "10.2.0.40", "end": "10.2.0.60"]]]),
                 409, "OverlappingAllocationPools",
                 "Found overlapping allocation pools: 10.2.0.10-10.2.0.50 10.2.0.40-10.2.0.60 for subnet 10.2.0.0/24."),
                (Self.subnet(network, "10.2.0.0/24", ["gateway_ip": "10.2.0.10", "allocation_pools": [["start": "10.2.0.5", "end": "10.2.0.20"]]]),
                 409, "GatewayConflictWithAllocationPools", "Gateway ip 10.2.0.10 conflicts with allocation pool 10.2.0.5-10.2.0.20."),
            ]
            for (body, status, type, message) in cases {
                expectNeutronError(try await demo.post("/subnets", body), status, type, message)
            }
        }
    }

    @Test func updateAndDelete() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (_, subnet) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            let updated = try await demo.put("/subnets/\(subnet)", ["subnet": ["name": "s", "gateway_ip": "10.1.0.254",
                "allocation_pools": [["start": "10.1.0.2", "end": "10.1.0.100"]]]])
            #expect(updated.status == 200)
            #expect(try updated.json["subnet"]?["gateway_ip"] == "10.1.0.254")
            #expect(try updated.json["subnet"]?["revision_number"] == 1)
            expectNeutronError(
                try await demo.put("/subnets/\(subnet)", ["subnet": ["cidr": "10.9.0.0/24"]]), 400, "HTTPBadRequest",
                "Cannot update read-only attribute cidr")
            expectNeutronError(
                try await demo.put("/subnets/\(subnet)", ["subnet": ["gateway_ip": "10.1.0.50"]]), 409, "GatewayConflictWithAllocationPools")
            #expect(try await demo.delete("/subnets/\(subnet)").status == 204)
            expectNeutronError(
                try await demo.delete("/subnets/\(subnet)"), 404, "SubnetNotFound", "Subnet \(subnet) could not be found.")
        }
    }
}
