import Emulator
import Testing

/// Routers (gateway, interfaces) and floating IPs (allocation, association).
struct RouterTests {
    static func publicID(_ session: NeutronSession) async throws -> EmulatorJSON {
        try await session.get("/networks?name=public").json["networks"]?[0]?["id"] ?? nil
    }

    @Test func gatewayAndInterfaces() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let publicID = try await Self.publicID(demo)
            let (network, subnet) = try await demo.networkWithSubnet("n", cidr: "10.5.0.0/24")
            let created = try await demo.post("/routers", ["router": ["name": "r1"]])
            #expect(created.status == 201)
            // Routers come from an extension: Python's spacing.
            #expect(created.text.hasPrefix(#"{"router": {"id": ""#))
            let router = try created.json["router"]
            let id = router?["id"]?.stringValue ?? ""
            #expect(router?["external_gateway_info"] == .null)
            #expect(router?["status"] == "ACTIVE")
            #expect(router?["distributed"] == nil)

            let added = try await demo.put("/routers/\(id)/add_router_interface", ["subnet_id": .string(subnet)])
            #expect(added.status == 200)
            let info = try added.json
            #expect(info.objectValue?.keys == ["id", "tenant_id", "port_id", "network_id", "subnet_id", "subnet_ids"])
            #expect(info["network_id"] == .string(network))
            let portID = info["port_id"]?.stringValue ?? ""
            let port = try await demo.get("/ports/\(portID)").json["port"]
            #expect(port?["device_owner"] == "network:router_interface")
            #expect(port?["fixed_ips"]?[0]?["ip_address"] == "10.5.0.1")
            #expect(port?["security_groups"] == [])

            expectNeutronError(
                try await demo.put("/routers/\(id)/add_router_interface", ["subnet_id": .string(subnet)]), 400, "BadRequest",
                "Bad router request: Router already has a port on subnet \(subnet).")
            expectNeutronError(
                try await demo.put("/routers/\(id)/add_router_interface", [:]), 400, "BadRequest",
                "Bad router request: Either subnet_id or port_id must be specified.")
            expectNeutronError(
                try await demo.post("/routers", ["router": ["external_gateway_info": ["network_id": .string(network)]]]), 400, "BadRequest",
                "Bad router request: Network \(network) is not an external network.")
            expectNeutronError(
                try await demo.post("/routers", ["router": ["external_gateway_info": ["network_id": publicID, "enable_snat": false]]]), 403,
                "PolicyNotAuthorized")

            let withGateway = try await demo.put("/routers/\(id)", ["router": ["external_gateway_info": ["network_id": publicID]]])
            let gateway = try withGateway.json["router"]?["external_gateway_info"]
            #expect(gateway?["network_id"] == publicID)
            #expect(gateway?["enable_snat"] == true)
            #expect(gateway?["external_fixed_ips"]?[0]?["ip_address"] == "172.24.4.2")

            expectNeutronError(try await demo.delete("/ports/\(portID)"), 409, "ServicePortInUse")
            expectNeutronError(try await demo.delete("/networks/\(network)"), 409, "NetworkInUse")
            expectNeutronError(
                try await demo.delete("/routers/\(id)"), 409, "RouterInUse", "Router \(id) has ports still attached: \(portID)")
            let removed = try await demo.put("/routers/\(id)/remove_router_interface", ["subnet_id": .string(subnet)])
            #expect(try removed.json["port_id"] == .string(portID))
            expectNeutronError(
                try await demo.put("/routers/\(id)/remove_router_interface", ["subnet_id": .string(subnet)]), 404,
                "RouterInterfaceNotFoundForSubnet", "Router \(id) has no interface on subnet \(subnet)")
            #expect(try await demo.delete("/routers/\(id)").status == 204)
            expectNeutronError(try await demo.delete("/routers/\(id)"), 404, "RouterNotFound", "Router \(id) could not be found")
            // The gateway's port went with the router.
            let admin = try await NeutronSession.admin(cloud)
            #expect(try await admin.get("/ports?device_owner=network:router_gateway").json["ports"] == [])
        }
    }

    @Test func floatingIPsAllocateAndAssociate() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let publicID = try await Self.publicID(demo)
            let (network, subnet) = try await demo.networkWithSubnet("n", cidr: "10.5.0.0/24")
            let port = try await demo.create("ports", "port", ["network_id": .string(network), "name": "target"])
            let portID: EmulatorJSON = port["id"] ?? nil
            let created = try await demo.post("/floatingips", ["floatingip": ["floating_network_id": publicID]])
            #expect(created.status == 201)
            let fip = try created.json["floatingip"]
            let id = fip?["id"]?.stringValue ?? ""
            #expect(fip?["floating_ip_address"] == "172.24.4.2")
            #expect(fip?["status"] == "DOWN")
            #expect(fip?["port_details"] == .null)
            #expect(fip?.objectValue?.keys == [
                "id", "tenant_id", "floating_ip_address", "floating_network_id", "router_id", "port_id", "fixed_ip_address", "status",
                "description", "port_details", "tags", "created_at", "updated_at", "revision_number", "project_id",
            ])
            expectNeutronError(
                try await demo.post("/floatingips", ["floatingip": ["floating_network_id": .string(network)]]), 400, "BadRequest",
                "Bad floatingip request: Network \(network) is not a valid external network.")
            expectNeutronError(
                try await demo.post("/floatingips", ["floatingip": [:]]), 400, "HTTPBadRequest",
                "Failed to parse request. Required attribute 'floating_network_id' not specified")

            // No router links the port's subnet to public yet.
            expectNeutronError(
                try await demo.put("/floatingips/\(id)", ["floatingip": ["port_id": portID]]), 404, "ExternalGatewayForFloatingIPNotFound",
                "External network \(publicID.stringValue ?? "") is not reachable from subnet \(subnet).  Therefore, cannot associate Port \(portID.stringValue ?? "") with a Floating IP.")
            let router = try await demo.create("routers", "router", ["name": "r", "external_gateway_info": ["network_id": publicID]])
            let routerID = router["id"]?.stringValue ?? ""
            _ = try await demo.put("/routers/\(routerID)/add_router_interface", ["subnet_id": .string(subnet)])
            let associated = try await demo.put("/floatingips/\(id)", ["floatingip": ["port_id": portID]])
            let body = try associated.json["floatingip"]
            #expect(body?["router_id"] == .string(routerID))
            #expect(body?["fixed_ip_address"] == port["fixed_ips"]?[0]?["ip_address"])
            #expect(body?["status"] == "ACTIVE")
            #expect(body?["port_details"]?["name"] == "target")
            expectNeutronError(
                try await demo.put("/routers/\(routerID)/remove_router_interface", ["subnet_id": .string(subnet)]), 409,
                "RouterInterfaceInUseByFloatingIP")
            expectNeutronError(
                try await demo.put("/routers/\(routerID)", ["router": ["external_gateway_info": [:]]]), 409,
                "RouterExternalGatewayInUseByFloatingIp")

            // Deleting the port takes the floating IP off it.
            #expect(try await demo.delete("/ports/\(portID.stringValue ?? "")").status == 204)
            let after = try await demo.get("/floatingips/\(id)").json["floatingip"]
            #expect(after?["port_id"] == .null)
            #expect(after?["router_id"] == .null)
            #expect(after?["status"] == "DOWN")
            #expect(try await demo.delete("/floatingips/\(id)").status == 204)
            expectNeutronError(try await demo.get("/floatingips/\(id)"), 404, "FloatingIPNotFound", "Floating IP \(id) could not be found")
            // Its address is free for the next one.
            let again = try await demo.create("floatingips", "floatingip", ["floating_network_id": publicID])
            #expect(again["floating_ip_address"] == "172.24.4.2")
        }
    }
}
