import Emulator
import Testing

/// Servers on Neutron networks: the ports Nova makes or is given, `addresses`, security groups.
struct ServerNetworkTests {
    static func create(_ nova: NovaClient, _ server: EmulatorJSONObject) async throws -> WireResponse {
        var body = server
        body["imageRef"] = .string(try await nova.imageID())
        if body["flavorRef"] == nil { body["flavorRef"] = "1" }
        if body["name"] == nil { body["name"] = "net-vm" }
        return try await nova.post("/servers", ["server": .object(body)])
    }

    static func id(_ response: WireResponse) throws -> String {
        guard response.status == 202, let id = try response.json["server"]?["id"]?.stringValue else {
            throw WireError.malformed("server create answered \(response.status): \(response.text)")
        }
        return id
    }

    @Test func addressesComeFromTheNeutronPort() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 2)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let neutron = try await NeutronSession.demo(cloud)
            let (network, _) = try await neutron.networkWithSubnet("private", cidr: "10.0.0.0/24")
            let id = try Self.id(try await Self.create(nova, ["networks": [["uuid": .string(network)]]]))

            let building = try await nova.server(id)
            #expect(building["addresses"] == [:])
            #expect(building["security_groups"] == [["name": "default"]])
            let ports = try await neutron.get("/ports?device_id=\(id)").json["ports"]?.arrayValue ?? []
            #expect(ports.count == 1)
            #expect(ports.first?["device_owner"] == "compute:nova")
            #expect(ports.first?["binding:host_id"] == nil || ports.first?["binding:host_id"] == "stackrun-emulator")

            clock.advance(by: 2)
            let server = try await nova.server(id)
            let address = server["addresses"]?["private"]?.arrayValue?.first
            #expect(address?.keys == ["version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr"])
            #expect(address?["OS-EXT-IPS:type"] == "fixed")
            #expect(address?["addr"] == ports.first?["fixed_ips"]?.arrayValue?.first?["ip_address"])
            #expect(address?["OS-EXT-IPS-MAC:mac_addr"] == ports.first?["mac_address"])
            let detail = try await nova.get("/servers/detail").json["servers"]?.arrayValue?.first
            #expect(detail?.keys.last == "security_groups")
            let ip = address?["addr"]?.stringValue ?? ""
            #expect(try await nova.get("/servers?ip=\(ip)").json["servers"]?.arrayValue?.count == 1)
            #expect(try await nova.get("/servers?ip=192.0.2.").json["servers"] == [])
            let console = try await nova.action(id, ["os-getConsoleOutput": [:]])
            #expect(try console.json["output"]?.stringValue?.contains("udhcpc: lease of \(ip) obtained") == true)

            // The update view before 2.75 writes plain addresses.
            let updated = try await nova.at("2.74").send("PUT", "/servers/\(id)", ["server": ["name": "renamed"]])
            #expect(try updated.json["server"]?["addresses"]?["private"]?.arrayValue?.first?.keys == ["version", "addr"])

            #expect(try await nova.send("DELETE", "/servers/\(id)").status == 204)
            #expect(try await neutron.get("/ports?device_id=\(id)").json["ports"] == [])
        }
    }

    @Test func fixedIPsPortsAndSecurityGroups() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let neutron = try await NeutronSession.demo(cloud)
            let (network, _) = try await neutron.networkWithSubnet("lan", cidr: "10.1.0.0/24")
            _ = try await neutron.create("security-groups", "security_group", ["name": "web"])
            let fixed = try Self.id(try await Self.create(nova, [
                "networks": [["uuid": .string(network), "fixed_ip": "10.1.0.50"]], "security_groups": [["name": "web"]],
            ]))
            let port = try await neutron.create("ports", "port", ["network_id": .string(network), "name": "mine"])
            let portID = port["id"]?.stringValue ?? ""
            let onPort = try Self.id(try await Self.create(nova, ["name": "on-port", "networks": [["port": .string(portID)]]]))
            clock.advance(by: 1)

            let fixedServer = try await nova.server(fixed)
            #expect(fixedServer["addresses"]?["lan"]?.arrayValue?.first?["addr"] == "10.1.0.50")
            #expect(fixedServer["security_groups"] == [["name": "web"]])
            let boundPort = try await neutron.get("/ports/\(portID)").json["port"]
            #expect(boundPort?["device_id"] == .string(onPort))
            #expect(boundPort?["device_owner"] == "compute:nova")

            let taken = try await Self.create(nova, ["name": "thief", "networks": [["port": .string(portID)]]])
            #expect(taken.status == 409)
            #expect(try taken.json["conflictingRequest"]?["message"] == .string("Port \(portID) is still in use."))

            // A user's port outlives the server, unbound; Nova's own port goes with it.
            _ = try await nova.send("DELETE", "/servers/\(onPort)")
            let released = try await neutron.get("/ports/\(portID)").json["port"]
            #expect(released?["device_id"] == "")
            _ = try await nova.send("DELETE", "/servers/\(fixed)")
            #expect(try await neutron.get("/ports?device_id=\(fixed)").json["ports"] == [])
        }
    }

    @Test func choosingNetworksAutomatically() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let neutron = try await NeutronSession.demo(cloud)
            // Only the shared `public` network is available: "auto" and, before 2.37, no networks use it.
            let auto = try Self.id(try await Self.create(nova, ["networks": "auto"]))
            let legacy = try Self.id(try await Self.create(nova.at("2.36"), [:]))
            clock.advance(by: 1)
            #expect(try await nova.server(auto)["addresses"]?.keys == ["public"])
            #expect(try await nova.server(legacy)["addresses"]?.keys == ["public"])
            let none = try Self.id(try await Self.create(nova, ["networks": "none"]))
            clock.advance(by: 1)
            #expect(try await nova.server(none)["addresses"] == [:])
            #expect(try await nova.server(none)["security_groups"] == nil)

            _ = try await neutron.networkWithSubnet("second", cidr: "10.2.0.0/24")
            let ambiguous = try await Self.create(nova, ["networks": "auto"])
            #expect(ambiguous.status == 409)
            #expect(try ambiguous.json["conflictingRequest"]?["message"] == "Multiple possible networks found, use a Network ID to be more specific.")
            let bare = try await neutron.create("networks", "network", ["name": "bare"])
            let bareID = bare["id"]?.stringValue ?? ""
            let noSubnet = try await Self.create(nova, ["networks": [["uuid": .string(bareID)]]])
            #expect(try noSubnet.json["badRequest"]?["message"] == .string("Network \(bareID) requires a subnet in order to boot instances on."))
        }
    }

    @Test func aPortThatCannotBeMadeSendsTheServerToError() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let neutron = try await NeutronSession.demo(cloud)
            let (network, _) = try await neutron.networkWithSubnet(
                "tiny", cidr: "10.9.0.0/29", extra: ["allocation_pools": [["start": "10.9.0.2", "end": "10.9.0.2"]]])
            let first = try Self.id(try await Self.create(nova, ["networks": [["uuid": .string(network)]]]))
            let second = try Self.id(try await Self.create(nova, ["name": "starved", "networks": [["uuid": .string(network)]]]))
            clock.advance(by: 1)
            #expect(try await nova.status(first) == "ACTIVE")
            let failed = try await nova.server(second)
            #expect(failed["status"] == "ERROR")
            #expect(failed["fault"]?["message"] == .string("Build of instance \(second) aborted: Failed to allocate the network(s), not rescheduling."))
            #expect(try await neutron.get("/ports?device_id=\(second)").json["ports"] == [])
        }
    }
}
