import Emulator
import Testing

/// Ports: fixed IPs from the subnet, MAC addresses, devices, and Neutron's refusals.
struct PortTests {
    @Test func portsGetAddressesMACsAndTheDefaultGroup() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/28", extra: ["gateway_ip": "10.1.0.5"])
            let created = try await demo.post("/ports", ["port": ["network_id": .string(network), "name": "p1"]])
            #expect(created.status == 201)
            let port = try created.json["port"]
            #expect(port?["fixed_ips"] == [["subnet_id": .string(subnet), "ip_address": "10.1.0.1"]])
            #expect(port?["status"] == "DOWN")
            #expect(port?["device_owner"] == "")
            #expect(port?["port_security_enabled"] == true)
            #expect(port?["binding:host_id"] == nil)
            let mac = port?["mac_address"]?.stringValue ?? ""
            #expect(mac.hasPrefix("fa:16:3e:") && mac.count == 17)
            let defaultGroup = try await demo.get("/security-groups?name=default").json["security_groups"]?[0]?["id"] ?? nil
            #expect(port?["security_groups"] == [defaultGroup])

            // The gateway is skipped; explicit addresses, even the gateway's, may be asked for.
            let next = try await demo.create("ports", "port", ["network_id": .string(network)])
            #expect(next["fixed_ips"]?[0]?["ip_address"] == "10.1.0.2")
            let chosen = try await demo.create("ports", "port", ["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.5"]]])
            #expect(chosen["fixed_ips"]?[0]?["subnet_id"] == .string(subnet))
            let given = try await demo.create("ports", "port", ["network_id": .string(network), "mac_address": "FA-16-3E-00-00-01"])
            #expect(given["mac_address"] == "fa:16:3e:00:00:01")

            let admin = try await NeutronSession.admin(cloud)
            let bound = try await admin.create("ports", "port", ["network_id": .string(network), "binding:host_id": "h1", "device_owner": "compute:nova"])
            #expect(bound["status"] == "ACTIVE")
            #expect(bound["binding:vif_type"] == "ovs")
            #expect(bound.objectValue?.keys == [
                "id", "name", "network_id", "tenant_id", "mac_address", "admin_state_up", "status", "device_id", "device_owner",
                "fixed_ips", "allowed_address_pairs", "extra_dhcp_opts", "security_groups", "description", "binding:vnic_type",
                "binding:profile", "binding:host_id", "binding:vif_type", "binding:vif_details", "port_security_enabled", "tags",
                "created_at", "updated_at", "revision_number", "project_id",
            ])
        }
    }

    @Test func portRefusals() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/29")
            let first = try await demo.create("ports", "port", ["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.3"]]])
            let zero = "00000000-0000-0000-0000-000000000000"
            let cases: [(EmulatorJSON, Int, String, String)] = [
                (["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.3"]]], 409, "IpAddressAlreadyAllocated",
                 "IP address 10.1.0.3 already allocated in subnet \(subnet)"),
                (["network_id": .string(network), "fixed_ips": [["ip_address": "10.9.0.9"]]], 400, "InvalidIpForNetwork",
                 "IP address 10.9.0.9 is not a valid IP for any of the subnets on the specified network."),
                (["network_id": .string(network), "fixed_ips": [["subnet_id": .string(zero)]]], 404, "SubnetNotFound",
                 "Subnet \(zero) could not be found."),
                (["network_id": .string(network), "mac_address": first["mac_address"] ?? nil], 409, "MacAddressInUse",
                 "Unable to complete operation for network \(network). The mac address \(first["mac_address"]?.stringValue ?? "") is in use."),
                (["network_id": .string(network), "mac_address": "zz"], 400, "HTTPBadRequest",
                 "Invalid input for mac_address. Reason: 'zz' is not a valid MAC address."),
                (["network_id": .string(zero)], 404, "NetworkNotFound", "Network \(zero) could not be found."),
                (["name": "x"], 400, "HTTPBadRequest", "Failed to parse request. Required attribute 'network_id' not specified"),
                (["network_id": .string(network), "security_groups": [.string(zero)]], 404, "SecurityGroupNotFound",
                 "Security group \(zero) does not exist"),
                (["network_id": .string(network), "binding:host_id": "h"], 403, "PolicyNotAuthorized",
                 "(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy"),
            ]
            for (body, status, type, message) in cases {
                let response = try await demo.post("/ports", ["port": body])
                expectNeutronError(response, status, type)
                #expect(response.neutronError?.message.hasPrefix(message) == true, "\(response.text)")
            }
            // An external network that is not shared is visible, but not for ports.
            let admin = try await NeutronSession.admin(cloud)
            let external = try await admin.create("networks", "network", ["name": "ext", "router:external": true])
            let refused = try await demo.post("/ports", ["port": ["network_id": external["id"] ?? nil]])
            expectNeutronError(refused, 403, "HTTPForbidden")
            #expect(refused.neutronError?.message.hasSuffix(" not allowed to create port on this network") == true)
            // The /29 holds five more addresses (.2, .4, .5, .6 after .1 the gateway and .3), then no more.
            for _ in 0..<4 { #expect(try await demo.post("/ports", ["port": ["network_id": .string(network)]]).status == 201) }
            expectNeutronError(
                try await demo.post("/ports", ["port": ["network_id": .string(network)]]), 409, "IpAddressGenerationFailure",
                "No more IP addresses available on network \(network).")
        }
    }

    @Test func updateAndDeletePorts() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            let port = try await demo.create("ports", "port", ["network_id": .string(network)])
            let id = port["id"]?.stringValue ?? ""
            let updated = try await demo.put("/ports/\(id)", ["port": [
                "name": "pp", "device_id": "abc", "device_owner": "compute:nova", "fixed_ips": [["subnet_id": .string(subnet), "ip_address": "10.1.0.77"]],
            ]])
            #expect(updated.status == 200)
            let body = try updated.json["port"]
            #expect(body?["name"] == "pp")
            #expect(body?["device_id"] == "abc")
            #expect(body?["fixed_ips"]?[0]?["ip_address"] == "10.1.0.77")
            #expect(body?["revision_number"] == 2)
            // The old address is free again.
            let reuse = try await demo.create("ports", "port", ["network_id": .string(network), "fixed_ips": [["ip_address": "10.1.0.2"]]])
            #expect(reuse["fixed_ips"]?[0]?["ip_address"] == "10.1.0.2")
            expectNeutronError(
                try await demo.put("/ports/\(id)", ["port": ["network_id": .string(network)]]), 400, "HTTPBadRequest",
                "Cannot update read-only attribute network_id")
            expectNeutronError(
                try await demo.put("/ports/\(id)", ["port": ["port_security_enabled": false]]), 409, "PortSecurityPortHasSecurityGroup")
            #expect(try await demo.put("/ports/\(id)", ["port": ["port_security_enabled": false, "security_groups": []]]).status == 200)
            #expect(try await demo.delete("/ports/\(id)").status == 204)
            expectNeutronError(try await demo.get("/ports/\(id)"), 404, "PortNotFound", "Port \(id) could not be found.")
        }
    }

    @Test func theLowestFreeAddressComesFirst() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, _) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            var ids: [String] = []
            for expected in ["10.1.0.2", "10.1.0.3", "10.1.0.4"] {
                let port = try await demo.create("ports", "port", ["network_id": .string(network)])
                #expect(port["fixed_ips"]?[0]?["ip_address"] == .string(expected))
                ids.append(port["id"]?.stringValue ?? "")
            }
            #expect(try await demo.delete("/ports/\(ids[1])").status == 204)
            for expected in ["10.1.0.3", "10.1.0.5"] {
                let port = try await demo.create("ports", "port", ["network_id": .string(network)])
                #expect(port["fixed_ips"]?[0]?["ip_address"] == .string(expected))
            }
        }
    }
}
