import Emulator
import Testing

/// Security groups and rules: the default group and its rules, new groups, rule checks, 409s.
struct SecurityGroupTests {
    @Test func everyProjectHasADefaultGroupWithFourRules() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let response = try await demo.get("/security-groups")
            #expect(response.text.hasPrefix(#"{"security_groups": [{"id": ""#))
            let groups = try response.json["security_groups"]?.arrayValue ?? []
            #expect(groups.count == 1)
            let group = groups.first
            #expect(group?["name"] == "default")
            #expect(group?["description"] == "Default security group")
            let rules = group?["security_group_rules"]?.arrayValue ?? []
            #expect(rules.map { [$0["direction"], $0["ethertype"]] } == [
                ["ingress", "IPv4"], ["egress", "IPv4"], ["ingress", "IPv6"], ["egress", "IPv6"],
            ])
            #expect(rules[0]["remote_group_id"] == group?["id"])
            #expect(rules[1]["remote_group_id"] == .null)
            #expect(rules[0]["description"] == .null)
            // Inside a group, rules carry standard_attr_id and tags; on their own they do not.
            #expect(rules[0]["standard_attr_id"]?.intValue != nil)
            let alone = try await demo.get("/security-group-rules/\(rules[0]["id"]?.stringValue ?? "")").json["security_group_rule"]
            #expect(alone?["standard_attr_id"] == nil)
            #expect(alone?["tags"] == nil)
            // Admin sees both seeded projects' groups.
            let admin = try await NeutronSession.admin(cloud)
            #expect(try await admin.get("/security-groups?name=default").json["security_groups"]?.arrayValue?.count == 2)
        }
    }

    @Test func groupsAndRules() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let group = try await demo.create("security-groups", "security_group", ["name": "web", "description": "probe"])
            let id = group["id"]?.stringValue ?? ""
            #expect(group["security_group_rules"]?.arrayValue?.map { $0["direction"] } == ["egress", "egress"])
            expectNeutronError(
                try await demo.post("/security-groups", ["security_group": ["name": "default"]]), 409, "SecurityGroupDefaultAlreadyExists",
                "Default security group already exists.")

            let ssh: EmulatorJSON = ["security_group_rule": [
                "security_group_id": .string(id), "direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
                "remote_ip_prefix": "0.0.0.0/0",
            ]]
            let created = try await demo.post("/security-group-rules", ssh)
            #expect(created.status == 201)
            let rule = try created.json["security_group_rule"]
            #expect(rule?["normalized_cidr"] == "0.0.0.0/0")
            #expect(rule?["description"] == "")
            #expect(rule?.objectValue?.keys == [
                "id", "tenant_id", "security_group_id", "ethertype", "direction", "protocol", "port_range_min", "port_range_max",
                "remote_ip_prefix", "remote_address_group_id", "normalized_cidr", "remote_group_id", "description", "created_at",
                "updated_at", "revision_number", "project_id",
            ])
            let ruleID = rule?["id"]?.stringValue ?? ""
            expectNeutronError(
                try await demo.post("/security-group-rules", ssh), 409, "SecurityGroupRuleExists",
                "Security group rule already exists. Rule id is \(ruleID).")
            // The same rule by protocol number is the same rule.
            var byNumber = ssh["security_group_rule"]?.objectValue ?? [:]
            byNumber["protocol"] = "6"
            expectNeutronError(try await demo.post("/security-group-rules", ["security_group_rule": .object(byNumber)]), 409, "SecurityGroupRuleExists")

            let hostBits = try await demo.create("security-group-rules", "security_group_rule", [
                "security_group_id": .string(id), "direction": "ingress", "remote_ip_prefix": "10.0.0.1/8",
            ])
            #expect(hostBits["remote_ip_prefix"] == "10.0.0.1/8")
            #expect(hostBits["normalized_cidr"] == "10.0.0.0/8")
            let icmp = try await demo.create("security-group-rules", "security_group_rule", [
                "security_group_id": .string(id), "direction": "ingress", "protocol": "icmp", "port_range_min": 8, "port_range_max": 0,
            ])
            #expect(icmp["port_range_min"] == 8)

            let cases: [(EmulatorJSONObject, Int, String, String)] = [
                (["direction": "sideways"], 400, "HTTPBadRequest", "Invalid input for direction. Reason: sideways is not in valid_values."),
                (["direction": "ingress", "protocol": "tcp", "port_range_min": 30, "port_range_max": 22], 400, "SecurityGroupInvalidPortRange",
                 "For TCP/UDP protocols, port_range_min must be <= port_range_max"),
                (["direction": "ingress", "protocol": "6", "port_range_min": 80], 400, "SecurityGroupInvalidPortRange",
                 "For TCP/UDP protocols, port_range_min must be <= port_range_max"),
                (["direction": "ingress", "port_range_min": 80, "port_range_max": 80], 400, "SecurityGroupProtocolRequiredWithPorts",
                 "Must also specify protocol if port range is given."),
                (["direction": "ingress", "protocol": "gre", "port_range_min": 80, "port_range_max": 80], 400,
                 "SecurityGroupInvalidProtocolForPortRange",
                 "Invalid protocol 47 for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP."),
                (["direction": "ingress", "protocol": "icmp", "port_range_min": 300], 400, "SecurityGroupInvalidIcmpValue",
                 "Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255."),
                (["direction": "ingress", "ethertype": "IPv6", "remote_ip_prefix": "10.0.0.0/8"], 400, "SecurityGroupRuleParameterConflict",
                 "Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8"),
                (["direction": "ingress", "remote_ip_prefix": "10.0.0.0/8", "remote_group_id": .string(id)], 400,
                 "SecurityGroupMultipleRemoteEntites", "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided."),
            ]
            for (attributes, status, type, message) in cases {
                var body = attributes
                body["security_group_id"] = .string(id)
                expectNeutronError(try await demo.post("/security-group-rules", ["security_group_rule": .object(body)]), status, type, message)
            }
            let bogus = try await demo.post("/security-group-rules", ["security_group_rule": [
                "security_group_id": .string(id), "direction": "ingress", "protocol": "bogus",
            ]])
            expectNeutronError(bogus, 400, "SecurityGroupRuleInvalidProtocol")
            #expect(bogus.neutronError?.message.hasPrefix("Security group rule protocol bogus not supported. Only protocol values [None, 'ah', ") == true)
            expectNeutronError(
                try await demo.post("/security-group-rules", ["security_group_rule": ["security_group_id": .string(id)]]), 400,
                "HTTPBadRequest", "Failed to parse request. Required attribute 'direction' not specified")

            let shown = try await demo.get("/security-groups/\(id)").json["security_group"]
            #expect(shown?["security_group_rules"]?.arrayValue?.count == 5)
            #expect(shown?["revision_number"] == 4)
            #expect(try await demo.delete("/security-group-rules/\(ruleID)").status == 204)
            expectNeutronError(
                try await demo.delete("/security-group-rules/\(ruleID)"), 404, "SecurityGroupRuleNotFound",
                "Security group rule \(ruleID) does not exist")
        }
    }

    @Test func defaultGroupAndGroupsInUseAreProtected() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NeutronSession.demo(cloud)
            let defaultID = try await demo.get("/security-groups?name=default").json["security_groups"]?[0]?["id"]?.stringValue ?? ""
            expectNeutronError(
                try await demo.put("/security-groups/\(defaultID)", ["security_group": ["name": "x"]]), 409,
                "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.")
            expectNeutronError(
                try await demo.delete("/security-groups/\(defaultID)"), 409, "SecurityGroupCannotRemoveDefault",
                "Removing default security group not allowed.")
            let group = try await demo.create("security-groups", "security_group", ["name": "web"])
            let id = group["id"]?.stringValue ?? ""
            let (network, _) = try await demo.networkWithSubnet("n", cidr: "10.1.0.0/24")
            let port = try await demo.create("ports", "port", ["network_id": .string(network), "security_groups": [.string(id)]])
            expectNeutronError(try await demo.delete("/security-groups/\(id)"), 409, "SecurityGroupInUse", "Security Group \(id) in use.")
            #expect(try await demo.delete("/ports/\(port["id"]?.stringValue ?? "")").status == 204)
            let renamed = try await demo.put("/security-groups/\(id)", ["security_group": ["name": "web2"]])
            #expect(try renamed.json["security_group"]?["name"] == "web2")
            #expect(try await demo.delete("/security-groups/\(id)").status == 204)
            expectNeutronError(
                try await demo.get("/security-groups/\(id)"), 404, "SecurityGroupNotFound", "Security group \(id) does not exist")
            // Admins may remove a project's default group.
            let admin = try await NeutronSession.admin(cloud)
            #expect(try await admin.delete("/security-groups/\(defaultID)").status == 204)
        }
    }
}
