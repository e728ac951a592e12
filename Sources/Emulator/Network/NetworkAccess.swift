/// Who sees what, after Neutron's default policy: admins see everything; projects see their own
/// resources, plus shared and external networks and their subnets, and the ports on networks
/// they own.
extension NetworkState {
    func canSee(_ network: NeutronNetwork, _ auth: AuthContext) -> Bool {
        auth.isAdmin || network.projectID == auth.projectID || network.shared || network.external
    }

    func canSee(_ subnet: NeutronSubnet, _ auth: AuthContext) -> Bool {
        if auth.isAdmin || subnet.projectID == auth.projectID { return true }
        return networks[subnet.networkID].map { $0.shared || $0.external } ?? false
    }

    func canSee(_ port: NeutronPort, _ auth: AuthContext) -> Bool {
        auth.isAdmin || port.projectID == auth.projectID || networks[port.networkID]?.projectID == auth.projectID
    }

    func owns(_ projectID: String, _ auth: AuthContext) -> Bool {
        auth.isAdmin || projectID == auth.projectID
    }

    /// A network the caller may see, else Neutron's 404.
    func visibleNetwork(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronNetwork {
        guard let network = networks[id], canSee(network, auth) else { throw NeutronError.networkNotFound(id) }
        return network
    }

    func visibleSubnet(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronSubnet {
        guard let subnet = subnets[id], canSee(subnet, auth) else { throw NeutronError.subnetNotFound(id) }
        return subnet
    }

    func visiblePort(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronPort {
        guard let port = ports[id], canSee(port, auth) else { throw NeutronError.portNotFound(id) }
        return port
    }

    func visibleRouter(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronRouter {
        guard let router = routers[id], owns(router.projectID, auth) else { throw NeutronError.routerNotFound(id) }
        return router
    }

    func visibleFloatingIP(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronFloatingIP {
        guard let fip = floatingIPs[id], owns(fip.projectID, auth) else { throw NeutronError.floatingIPNotFound(id) }
        return fip
    }

    func visibleSecurityGroup(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronSecurityGroup {
        guard let group = securityGroups[id], owns(group.projectID, auth) else { throw NeutronError.securityGroupNotFound(id) }
        return group
    }

    func visibleRule(_ id: String, _ auth: AuthContext) throws(ServiceError) -> NeutronSecurityGroupRule {
        guard let rule = securityGroupRules[id], owns(rule.projectID, auth) else { throw NeutronError.securityGroupRuleNotFound(id) }
        return rule
    }

    /// A visible resource the caller may not change: 403 with the policy rule's name.
    func requireOwner(_ projectID: String, _ auth: AuthContext, rule: String) throws(ServiceError) {
        guard owns(projectID, auth) else { throw NeutronError.policy("rule:\(rule)") }
    }
}

/// The checks of one request, taken together: the token, then the lock.
extension EmulatorRequest {
    /// Runs `body` on Neutron's state under the lock, with the caller's token.
    func withNetwork<Result: Sendable>(_ body: (NetworkState, AuthContext) throws -> Result) throws -> Result {
        let auth = try requireAuth
        return try cloud.withState { cloud in try body(cloud.network, auth) }
    }
}

extension EmulatorRequest {
    /// The body as JSON; an empty body reads as `{}`, so that Neutron's "Unable to find
    /// 'network' in request body" answers it, as the real one does.
    func neutronJSON() throws(ServiceError) -> EmulatorJSON {
        body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? .object([:]) : try json()
    }
}
