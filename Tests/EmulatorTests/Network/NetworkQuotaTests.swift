import Emulator
import Foundation
import Testing

/// Neutron's quota API and its enforcement, the `network` config section, faults and stats.
struct NetworkQuotaTests {
    static func projectOf(_ session: NeutronSession) async throws -> String {
        try await session.get("/security-groups?name=default").json["security_groups"]?[0]?["project_id"]?.stringValue ?? ""
    }

    @Test func quotasAreReadSetEnforcedAndReset() async throws {
        try await TestCloud.run { cloud in
            let admin = try await NeutronSession.admin(cloud)
            let demo = try await NeutronSession.demo(cloud)
            let demoProject = try await Self.projectOf(demo)
            let adminProject = try await admin.get("/networks?name=public").json["networks"]?[0]?["tenant_id"]?.stringValue ?? ""
            let own = try await demo.get("/quotas/\(demoProject)")
            #expect(own.text == #"{"quota": {"network": 100, "subnet": 100, "subnetpool": -1, "port": 500, "router": 10, "floatingip": 50, "rbac_policy": 10, "security_group": 10, "security_group_rule": 100}}"#)
            let details = try await demo.get("/quotas/\(demoProject)/details").json["quota"]
            #expect(details?["security_group"] == ["limit": 10, "used": 1, "reserved": 0])
            #expect(details?["security_group_rule"]?["used"] == 4)
            expectNeutronError(try await demo.get("/quotas/\(adminProject)"), 403, "PolicyNotAuthorized", "rule:get_quota is disallowed by policy")
            expectNeutronError(try await demo.get("/quotas"), 403, "PolicyNotAuthorized")
            expectNeutronError(
                try await demo.put("/quotas/\(demoProject)", ["quota": ["router": 5]]), 403, "PolicyNotAuthorized",
                "rule:update_quota is disallowed by policy")

            let set = try await admin.put("/quotas/\(demoProject)", ["quota": ["router": 1]])
            #expect(try set.json["quota"]?["router"] == 1)
            let listed = try await admin.get("/quotas").json["quotas"]
            #expect(listed?[0]?["project_id"] == .string(demoProject))
            #expect(listed?[0]?["tenant_id"] == .string(demoProject))
            #expect(try await demo.post("/routers", ["router": ["name": "one"]]).status == 201)
            expectNeutronError(
                try await demo.post("/routers", ["router": ["name": "two"]]), 409, "OverQuota", "Quota exceeded for resources: ['router'].")
            expectNeutronError(
                try await admin.put("/quotas/\(demoProject)", ["quota": ["bogus": 1]]), 400, "HTTPBadRequest", "Unrecognized attribute(s) 'bogus'")
            expectNeutronError(
                try await admin.put("/quotas/\(demoProject)", ["quota": ["router": "x"]]), 400, "InvalidInput",
                "Invalid input for operation: 'x' is not an integer.")
            #expect(try await admin.delete("/quotas/\(demoProject)").status == 204)
            #expect(try await demo.get("/quotas/\(demoProject)").json["quota"]?["router"] == 10)
            #expect(try await demo.post("/routers", ["router": ["name": "two"]]).status == 201)
        }
    }

    @Test func configSectionSeedsTheExternalNetworkAndQuotas() async throws {
        let config = try EmulatorConfig.load(contentsOf: """
            {"network": {"external_network": {"name": "ext", "cidr": "192.0.2.0/24", "gateway_ip": "192.0.2.254", "shared": false},
                         "tenant_network_mtu": 9000, "quotas": {"network": 1}}}
            """)
        try await TestCloud.run(config) { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let external = try await demo.get("/networks?name=ext").json["networks"]?[0]
            #expect(external?["shared"] == false)
            let subnet = try await demo.get("/subnets/\(external?["subnets"]?[0]?.stringValue ?? "")").json["subnet"]
            #expect(subnet?["gateway_ip"] == "192.0.2.254")
            #expect(subnet?["allocation_pools"] == [["start": "192.0.2.1", "end": "192.0.2.253"]])
            let network = try await demo.create("networks", "network", ["name": "jumbo"])
            #expect(network["mtu"] == 9000)
            expectNeutronError(try await demo.post("/networks", ["network": ["name": "second"]]), 409, "OverQuota")
        }
        let none = try EmulatorConfig.load(contentsOf: #"{"network": {"external_network": false}}"#)
        try await TestCloud.run(none) { cloud in
            let admin = try await NeutronSession.admin(cloud)
            #expect(try await admin.get("/networks").json["networks"] == [])
        }
        // The section is read when the cloud is seeded: a mistake stops the start, naming the option.
        for (text, reason) in [
            (#"{"network": {"quotas": {"netwrok": 1}}}"#, "network.quotas.netwrok: unknown option"),
            (#"{"network": {"external_network": {"cidr": "10.0.0.0/33"}}}"#, "network.external_network.cidr: 10.0.0.0/33 is not a CIDR"),
            (#"{"network": {"external_network": {"gateway_ip": "172.24.4.0"}}}"#,
             "network.external_network: Invalid input for operation: Gateway is not valid on subnet."),
        ] {
            let config = try EmulatorConfig.load(contentsOf: text)
            let error = await #expect(throws: EmulatorConfigError.self) { try await TestCloud.run(config) { _ in } }
            #expect(error?.description == reason)
        }
    }

    @Test func faultsStatsAndReset() async throws {
        var config = EmulatorConfig()
        config.faults = try FaultPlan.parse(["resource_errors": [["kind": "port", "rate": 1]]])
        try await TestCloud.run(config) { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let (network, _) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            #expect(try await demo.create("ports", "port", ["network_id": .string(network)])["status"] == "ERROR")
            let stats = try await cloud.stats()
            #expect(stats["resources"]?["network"] == 2)
            #expect(stats["resources"]?["subnet"] == 2)
            #expect(stats["resources"]?["port"] == 1)
            #expect(stats["resources"]?["security_group"] == 2)
            #expect(stats["requests"]?["by_route"]?["network"]?["POST /network/v2.0/ports"] == 1)
            try cloud.emulator.reset()
            let admin = try await NeutronSession.admin(cloud)
            #expect(try await admin.get("/networks?fields=name").json["networks"] == [["name": "public"]])
            #expect(try await admin.get("/ports").json["ports"] == [])
        }
    }
}
