/// A security group rule as asked for, after attribute conversion.
struct RuleRequest {
    var id = Identifiers.uuid()
    var projectID: String
    var groupID: String
    var direction: String
    var ethertype = "IPv4"
    var protocolName: String?
    var portRangeMin: Int?
    var portRangeMax: Int?
    var remoteIPPrefix: IPNetwork?
    var remoteGroupID: String?
    /// Null for the rules Neutron adds itself.
    var description: String? = ""
}

extension NetworkState {
    /// The project's `default` group, created with its four rules the first time it is needed,
    /// as Neutron does. Returns its id.
    @discardableResult
    func ensureDefaultSecurityGroup(projectID: String, stableIDs: Bool = false) -> String {
        if let existing = securityGroups.values.first(where: { $0.projectID == projectID && $0.name == "default" }) {
            return existing.id
        }
        let id = stableIDs ? Identifiers.stableUUID("security-group:default:" + projectID) : Identifiers.uuid()
        securityGroups[id] = NeutronSecurityGroup(
            id: id, name: "default", projectID: projectID, standard: standardAttributes(description: "Default security group", revision: 1))
        for (direction, ethertype) in [("ingress", "IPv4"), ("egress", "IPv4"), ("ingress", "IPv6"), ("egress", "IPv6")] {
            let ruleID = stableIDs ? Identifiers.stableUUID("rule:\(id):\(direction):\(ethertype)") : Identifiers.uuid()
            addRule(RuleRequest(
                id: ruleID, projectID: projectID, groupID: id, direction: direction, ethertype: ethertype,
                remoteGroupID: direction == "ingress" ? id : nil, description: nil), bumping: false)
        }
        return id
    }

    /// A new group with Neutron's two egress rules.
    func createSecurityGroup(name: String, description: String, projectID: String, stateful: Bool) throws(ServiceError)
        -> NeutronSecurityGroup
    {
        ensureDefaultSecurityGroup(projectID: projectID)
        if name == "default" {
            throw ServiceError.conflict("Default security group already exists.", kind: "SecurityGroupDefaultAlreadyExists")
        }
        try checkQuota("security_group", projectID: projectID)
        var group = NeutronSecurityGroup(
            id: Identifiers.uuid(), name: name, projectID: projectID, standard: standardAttributes(description: description, revision: 1))
        group.stateful = stateful
        securityGroups[group.id] = group
        for ethertype in ["IPv4", "IPv6"] {
            addRule(RuleRequest(projectID: projectID, groupID: group.id, direction: "egress", ethertype: ethertype, description: nil), bumping: false)
        }
        return securityGroups[group.id] ?? group
    }

    /// Checks a rule as Neutron does (protocol, port range, remote, duplicates) and adds it.
    func createRule(_ request: RuleRequest) throws(ServiceError) -> NeutronSecurityGroupRule {
        guard securityGroups[request.groupID] != nil else { throw NeutronError.securityGroupNotFound(request.groupID) }
        if request.remoteIPPrefix != nil && request.remoteGroupID != nil {
            throw ServiceError.badRequest(
                "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.",
                kind: "SecurityGroupMultipleRemoteEntites")
        }
        if let remote = request.remoteGroupID, securityGroups[remote] == nil { throw NeutronError.securityGroupNotFound(remote) }
        if let prefix = request.remoteIPPrefix, (prefix.version == 4) != (request.ethertype == "IPv4") {
            throw ServiceError.badRequest(
                "Conflicting value ethertype \(request.ethertype) for CIDR \(prefix.text)", kind: "SecurityGroupRuleParameterConflict")
        }
        try SecurityGroupProtocols.validatePorts(request)
        let key = SecurityGroupProtocols.identity(request)
        for ruleID in securityGroups[request.groupID]?.ruleIDs ?? [] {
            guard let rule = securityGroupRules[ruleID] else { continue }
            if SecurityGroupProtocols.identity(rule) == key {
                throw ServiceError.conflict("Security group rule already exists. Rule id is \(rule.id).", kind: "SecurityGroupRuleExists")
            }
        }
        try checkQuota("security_group_rule", projectID: request.projectID)
        return addRule(request, bumping: true)
    }

    @discardableResult
    private func addRule(_ request: RuleRequest, bumping: Bool) -> NeutronSecurityGroupRule {
        let rule = NeutronSecurityGroupRule(
            id: request.id, projectID: request.projectID, groupID: request.groupID, ethertype: request.ethertype,
            direction: request.direction, protocolName: request.protocolName, portRangeMin: request.portRangeMin,
            portRangeMax: request.portRangeMax, remoteIPPrefix: request.remoteIPPrefix, remoteGroupID: request.remoteGroupID,
            ruleDescription: request.description, standard: standardAttributes(description: request.description ?? ""))
        securityGroupRules[rule.id] = rule
        securityGroups[request.groupID]?.ruleIDs.append(rule.id)
        if bumping { securityGroups[request.groupID]?.standard.touch(now) }
        return rule
    }

    func deleteRule(_ id: String) {
        guard let rule = securityGroupRules.removeValue(forKey: id) else { return }
        securityGroups[rule.groupID]?.ruleIDs.removeAll { $0 == id }
        securityGroups[rule.groupID]?.standard.touch(now)
    }

    /// Deletes a group no port uses; admins only for a project's default group. Rules of other
    /// groups that name it as their remote go with it.
    func deleteSecurityGroup(_ id: String, isAdmin: Bool) throws(ServiceError) {
        guard let group = securityGroups[id] else { throw NeutronError.securityGroupNotFound(id) }
        if ports.values.contains(where: { $0.securityGroups.contains(id) }) {
            throw ServiceError.conflict("Security Group \(id) in use.", kind: "SecurityGroupInUse")
        }
        if group.name == "default" && !isAdmin {
            throw ServiceError.conflict("Removing default security group not allowed.", kind: "SecurityGroupCannotRemoveDefault")
        }
        for ruleID in group.ruleIDs { securityGroupRules[ruleID] = nil }
        securityGroups[id] = nil
        for rule in securityGroupRules.values where rule.remoteGroupID == id { deleteRule(rule.id) }
    }
}
