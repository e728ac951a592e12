/// Neutron: networks, subnets, ports, routers, floating IPs, security groups and their rules, and
/// the router and floating-IP relations.
extension Kinds {
    static func neutron(_ name: String, path: String, singular: String, plural: String, status: Bool = false) -> ResourceKind {
        var kind = ResourceKind(name, .network, path: path, singular: singular, plural: plural)
        kind.paging = .links
        // DOWN is where a port without a host, a floating IP without a port and a network set
        // administratively down stay.
        if status { kind.status = .init(ready: ["ACTIVE"], failed: ["ERROR"], timeout: 120, settled: ["DOWN"]) }
        kind.tagStyle = .tagCollection
        // Every Neutron resource has a description, and not every release takes tags on
        // create; a description the script gave is kept, and that create has no marker.
        kind.marker = .description
        kind.bulkStatus = .repeatedParameter("id")
        return kind
    }

    public static let network: ResourceKind = {
        var kind = neutron("network", path: "/networks", singular: "network", plural: "networks", status: true)
        kind.removedAfter = ["subnet", "port", "server", "router", "floating IP"]
        return kind
    }()

    public static let subnet: ResourceKind = {
        var kind = neutron("subnet", path: "/subnets", singular: "subnet", plural: "subnets")
        kind.references = [Reference("network", "network_id", network)]
        kind.removedAfter = ["port", "server"]
        return kind
    }()

    public static let port: ResourceKind = {
        var kind = neutron("port", path: "/ports", singular: "port", plural: "ports", status: true)
        kind.references = [Reference("network", "network_id", network)]
        return kind
    }()

    public static let router: ResourceKind = {
        var kind = neutron("router", path: "/routers", singular: "router", plural: "routers", status: true)
        // Its gateway cannot go while floating IPs use it.
        kind.removedAfter = ["floating IP"]
        return kind
    }()

    public static let floatingIP: ResourceKind = {
        var kind = neutron("floating IP", path: "/floatingips", singular: "floatingip", plural: "floatingips", status: true)
        kind.references = [Reference("network", "floating_network_id", network), Reference("port", "port_id", port)]
        return kind
    }()

    public static let securityGroup: ResourceKind = {
        var kind = neutron("security group", path: "/security-groups", singular: "security_group", plural: "security_groups")
        kind.removedAfter = ["port", "server"]
        return kind
    }()

    public static let securityGroupRule: ResourceKind = {
        var kind = neutron("security group rule", path: "/security-group-rules", singular: "security_group_rule",
                           plural: "security_group_rules")
        kind.references = [Reference("security_group", "security_group_id", securityGroup),
                           Reference("remote_group", "remote_group_id", securityGroup)]
        // Neutron's rules are immutable, untagged and unnamed: a changed rule is a new rule, and
        // there is no name to ensure one by.
        kind.verbs = [.create, .get, .find, .list, .delete, .absent]
        kind.tagStyle = .none
        return kind
    }()
}

extension Operations {
    /// The operations of `neutron.routers`.
    public static let router: [Operation] = [
        {
            // A second add_router_interface for the same subnet is refused (400), so it is sent
            // once, and a lost answer is settled by looking for the interface.
            var add = routerInterface("add_interface", "add_router_interface", inverse: "remove_interface")
            add.request.sendsOnce = true
            add.effect = .routerInterface(true)
            add.undoneAfter = ["floating IP"]
            return add
        }(),
        {
            var remove = routerInterface("remove_interface", "remove_router_interface", inverse: "add_interface")
            remove.effect = .routerInterface(false)
            return remove
        }(),
        {
            // PUT on the router itself; without a network the gateway info is empty, which clears it.
            var gateway = Operation("set_gateway", on: Kinds.router,
                                    .init("PUT", body: ["router": ["external_gateway_info": ["network_id": .slot("network")]]]),
                                    result: .answer("router"))
            gateway.arguments = [.init("network", .reference(Kinds.network), optional: true, description: "external network")]
            gateway.effect = .field("external_gateway_info.network_id", equalsSlot: "network")
            gateway.inverse = .init("set_gateway")
            return gateway
        }(),
    ]

    /// The operations of `neutron.floating_ips`.
    public static let floatingIP: [Operation] = [
        {
            var associate = Operation("associate", on: Kinds.floatingIP, .init("PUT", body: ["floatingip": ["port_id": .slot("port")]]),
                                      result: .answer("floatingip"))
            associate.arguments = [.init("port", .reference(Kinds.port), description: "port")]
            associate.effect = .field("port_id", equalsSlot: "port")
            associate.inverse = .init("disassociate")
            associate.link = .makes
            return associate
        }(),
        {
            var disassociate = Operation("disassociate", on: Kinds.floatingIP, .init("PUT", body: ["floatingip": ["port_id": nil]]),
                                         result: .answer("floatingip"))
            disassociate.effect = .field("port_id", equalsSlot: nil)
            disassociate.link = .breaks("associate")
            return disassociate
        }(),
    ]

    /// A subnet (a plain reference or `{subnet = ...}`) or a port (`{port = ...}`) on a router.
    private static func routerInterface(_ name: String, _ wire: String, inverse: String) -> Operation {
        var operation = Operation(name, on: Kinds.router,
                                  .init("PUT", "/" + wire, body: ["subnet_id": .slot("subnet"), "port_id": .slot("port")]),
                                  result: .answer(nil))
        operation.arguments = [.init("interface", .oneOf([("subnet", "subnet", Kinds.subnet), ("port", "port", Kinds.port)]),
                                     description: "subnet (or {port = ...})")]
        operation.inverse = .init(inverse, keeping: ["subnet", "port"])
        operation.link = name == "add_interface" ? .makes : .breaks("add_interface")
        return operation
    }
}
