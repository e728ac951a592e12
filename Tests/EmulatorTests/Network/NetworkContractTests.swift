import Emulator
import Testing

/// The Network side of the cross-service contract, as Nova calls it inside one `withState`.
struct NetworkContractTests {
    /// Runs a contract call and returns the ServiceError it throws.
    static func failure(_ cloud: TestCloud, _ body: (NetworkState) throws -> Void) throws -> ServiceError? {
        try cloud.emulator.cloud.withState { state in
            do {
                try body(state.network)
                return nil
            } catch let error as ServiceError {
                return error
            }
        }
    }

    static func projectID(_ demo: NeutronSession, network: String) async throws -> String {
        try await demo.get("/networks/\(network)").json["network"]?["project_id"]?.stringValue ?? ""
    }

    @Test func createPortTakesAnAddressFromTheFirstSubnetWithRoom() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            // A /30 holds one address besides its gateway.
            let (network, small) = try await demo.networkWithSubnet("tiny", cidr: "10.9.0.0/30")
            let large = try await demo.create("subnets", "subnet", ["network_id": .string(network), "cidr": "10.9.1.0/24", "ip_version": 4])
            let project = try await Self.projectID(demo, network: network)
            let ports = try cloud.emulator.cloud.withState { state in
                try (1...2).map { index in
                    try state.network.createPort(
                        networkID: network, projectID: project, deviceID: "server-\(index)", deviceOwner: "compute:nova", fixedIP: nil,
                        securityGroupIDs: nil)
                }
            }
            #expect(ports[0]["fixed_ips"] == [["subnet_id": .string(small), "ip_address": "10.9.0.2"]])
            #expect(ports[1]["fixed_ips"] == [["subnet_id": large["id"] ?? nil, "ip_address": "10.9.1.2"]])
            #expect(ports[0]["status"] == "ACTIVE")
            #expect(ports[0]["device_id"] == "server-1")
            #expect(ports[0]["device_owner"] == "compute:nova")
            #expect(ports[0]["binding:host_id"] == .string(NetworkState.defaultComputeHost))
            #expect(ports[0]["mac_address"]?.stringValue?.hasPrefix("fa:16:3e:") == true)
            let groups = try await demo.get("/security-groups?name=default").json["security_groups"]
            #expect(ports[0]["security_groups"] == [groups?.arrayValue?.first?["id"] ?? nil])
            // The port is Neutron's like any other: demo sees it over HTTP.
            let shown = try await demo.get("/ports?device_id=server-1")
            #expect(try shown.json["ports"]?.arrayValue?.count == 1)
        }
    }

    @Test func createPortAnswersNeutronErrors() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("tiny", cidr: "10.9.0.0/30")
            let project = try await Self.projectID(demo, network: network)
            func create(_ network: String, project: String, fixedIP: String? = nil, groups: [String]? = nil) throws -> ServiceError? {
                try Self.failure(cloud) { state in
                    _ = try state.createPort(
                        networkID: network, projectID: project, deviceID: "s", deviceOwner: "compute:nova", fixedIP: fixedIP, securityGroupIDs: groups)
                }
            }
            let missing = try create("00000000-0000-0000-0000-000000000000", project: project)
            #expect(missing?.status == 404)
            #expect(missing?.kind == "NetworkNotFound")
            let foreign = try create(network, project: "someone-else")
            #expect(foreign?.status == 403)
            #expect(try create(network, project: project, groups: ["nope"])?.kind == "SecurityGroupNotFound")
            #expect(try create(network, project: project, fixedIP: "10.9.0.2") == nil)
            let taken = try create(network, project: project, fixedIP: "10.9.0.2")
            #expect(taken?.status == 409)
            #expect(taken?.message == "IP address 10.9.0.2 already allocated in subnet \(subnet)")
            let full = try create(network, project: project)
            #expect(full?.status == 409)
            #expect(full?.kind == "IpAddressGenerationFailure")
        }
    }

    @Test func serversMayUseTheSharedPublicNetwork() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let publicID = try await demo.get("/networks?name=public").json["networks"]?[0]?["id"]?.stringValue ?? ""
            let project = try await demo.get("/security-groups?name=default").json["security_groups"]?[0]?["project_id"]?.stringValue ?? ""
            let (available, port) = try cloud.emulator.cloud.withState { state in
                let port = try state.network.createPort(
                    networkID: publicID, projectID: project, deviceID: "s", deviceOwner: "compute:nova", fixedIP: nil, securityGroupIDs: nil)
                return (state.network.networksAvailable(projectID: project), port)
            }
            #expect(!project.isEmpty)
            #expect(available == [publicID])
            #expect(port["fixed_ips"]?[0]?["ip_address"] == "172.24.4.2")
        }
    }

    @Test func bindAndReleasePorts() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, _) = try await demo.networkWithSubnet("net", cidr: "10.1.0.0/24")
            let project = try await Self.projectID(demo, network: network)
            let userPort = try await demo.create("ports", "port", ["network_id": .string(network), "name": "mine"])
            let userPortID = userPort["id"]?.stringValue ?? ""
            #expect(userPort["status"] == "DOWN")
            let novaPortID = try cloud.emulator.cloud.withState { state in
                try state.network.bindPort(id: userPortID, deviceID: "server-1", deviceOwner: "compute:nova")
                return try state.network.createPort(
                    networkID: network, projectID: project, deviceID: "server-1", deviceOwner: "compute:nova", fixedIP: nil,
                    securityGroupIDs: ["default"])["id"]?.stringValue ?? ""
            }
            let bound = try await demo.get("/ports/\(userPortID)").json["port"]
            #expect(bound?["device_id"] == "server-1")
            #expect(bound?["status"] == "ACTIVE")
            let inUse = try Self.failure(cloud) { try $0.bindPort(id: userPortID, deviceID: "server-2", deviceOwner: "compute:nova") }
            #expect(inUse?.status == 409)
            #expect(inUse?.kind == "PortInUse")
            #expect(try Self.failure(cloud) { try $0.bindPort(id: "nope", deviceID: "s", deviceOwner: "compute:nova") }?.kind == "PortNotFound")

            try cloud.emulator.cloud.withState { state in state.network.releasePorts(deviceID: "server-1") }
            #expect(try await demo.get("/ports/\(novaPortID)").status == 404)
            let released = try await demo.get("/ports/\(userPortID)").json["port"]
            #expect(released?["device_id"] == "")
            #expect(released?["device_owner"] == "")
            #expect(released?["status"] == "DOWN")
        }
    }

    @Test func serverAddressesShowFixedAndFloatingIPsAsNovaDoes() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, subnet) = try await demo.networkWithSubnet("private", cidr: "10.0.0.0/24")
            let project = try await Self.projectID(demo, network: network)
            let publicID = try await demo.get("/networks?name=public").json["networks"]?[0]?["id"] ?? nil
            let router = try await demo.create("routers", "router", ["name": "r", "external_gateway_info": ["network_id": publicID]])
            let routerID = router["id"]?.stringValue ?? ""
            #expect(try await demo.put("/routers/\(routerID)/add_router_interface", ["subnet_id": .string(subnet)]).status == 200)
            let port = try cloud.emulator.cloud.withState { state in
                try state.network.createPort(
                    networkID: network, projectID: project, deviceID: "server-1", deviceOwner: "compute:nova", fixedIP: "10.0.0.50",
                    securityGroupIDs: nil)
            }
            let fip = try await demo.create("floatingips", "floatingip", ["floating_network_id": publicID, "port_id": port["id"] ?? nil])
            #expect(fip["status"] == "ACTIVE")
            #expect(fip["fixed_ip_address"] == "10.0.0.50")
            let (addresses, groups) = try cloud.emulator.cloud.withState { state in
                (state.network.serverAddresses(deviceID: "server-1"), state.network.serverSecurityGroupNames(deviceID: "server-1"))
            }
            let mac = port["mac_address"] ?? nil
            let expected: EmulatorJSON = [
                "private": [
                    ["version": 4, "addr": "10.0.0.50", "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": mac],
                    ["version": 4, "addr": fip["floating_ip_address"] ?? nil, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": mac],
                ],
            ]
            #expect(addresses == expected)
            #expect(addresses.serialized().hasPrefix(#"{"private": [{"version": 4, "addr": "10.0.0.50", "OS-EXT-IPS:type""#))
            #expect(groups == ["default"])

            try cloud.emulator.cloud.withState { state in state.network.releasePorts(deviceID: "server-1") }
            let released = try await demo.get("/floatingips/\(fip["id"]?.stringValue ?? "")").json["floatingip"]
            #expect(released?["port_id"] == .null)
            #expect(released?["status"] == "DOWN")
            #expect(try cloud.emulator.cloud.withState { $0.network.serverAddresses(deviceID: "server-1") } == [:])
        }
    }

    @Test func securityGroupIDResolvesNamesAndIDsOfTheProject() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let web = try await demo.create("security-groups", "security_group", ["name": "web"])
            let webID = web["id"]?.stringValue
            let project = web["project_id"]?.stringValue ?? ""
            let resolved = try cloud.emulator.cloud.withState { state in
                let network = state.network
                return [
                    network.securityGroupID(nameOrID: "web", projectID: project),
                    network.securityGroupID(nameOrID: webID ?? "", projectID: project),
                    network.securityGroupID(nameOrID: "default", projectID: project),
                    network.securityGroupID(nameOrID: "nope", projectID: project),
                    network.securityGroupID(nameOrID: webID ?? "", projectID: "another-project"),
                ]
            }
            let defaultID = try await demo.get("/security-groups?name=default").json["security_groups"]?[0]?["id"]?.stringValue
            #expect(resolved == [webID, webID, defaultID, nil, nil])
        }
    }
}
