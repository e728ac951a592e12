import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// Pushes `cinder`: volumes (`cinder.create`, ...), `cinder.extend`, `cinder.snapshots`,
    /// `cinder.types`.  [-0, +1]
    func pushCinderModule(_ session: @escaping SessionProvider) {
        let stack = lua.stack
        stack.newTable(fields: 14)
        let table = stack.top
        setResourceFunctions(Kinds.volume, prefix: "cinder", in: table, session: session)
        lua.setFunction("extend", in: table, name: "cinder.extend", isolated { [unowned self] call throws(LuaCallError) in
            let volume = try call.reference(1, Kinds.volume)
            let size = try call.integer(2)
            guard size > 0 else { throw .argument(2, "size in GiB must be positive") }
            let (_, control) = try call.options(3)
            return try suspend(call, timeout: control.timeout) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(JSON(volume), Kinds.volume, option: "volume").stringValue ?? volume
                try await session.extendVolume(id, size: size)
                if control.wait {
                    return Self.value(try await session.wait(for: ["available", "in-use"], Kinds.volume, id, control.waitOptions))
                }
                return Self.value(try await session.get(Kinds.volume, id))
            }
        })
        setKindTables([("snapshots", Kinds.snapshot), ("types", Kinds.volumeType)], of: "cinder", in: table, session: session)
        rejectUnknownNames(ofModuleAt: table, module: "cinder")
    }

    /// Pushes `neutron` with networks, subnets, ports, routers (add_interface, remove_interface,
    /// set_gateway), floating_ips (associate, disassociate), security_groups and
    /// security_group_rules, each with tags.  [-0, +1]
    func pushNeutronModule(_ session: @escaping SessionProvider) {
        let stack = lua.stack
        stack.newTable(fields: 7)
        let table = stack.top
        let kinds: [(String, ResourceKind)] = [
            ("networks", Kinds.network), ("subnets", Kinds.subnet), ("ports", Kinds.port), ("routers", Kinds.router),
            ("floating_ips", Kinds.floatingIP), ("security_groups", Kinds.securityGroup),
            ("security_group_rules", Kinds.securityGroupRule),
        ]
        for (key, kind) in kinds {
            stack.newTable(fields: 16)
            let inner = stack.top
            setResourceFunctions(kind, prefix: "neutron.\(key)", in: inner, session: session)
            if key != "security_group_rules" { setTagFunctions(kind, prefix: "neutron.\(key)", in: inner, session: session) }
            if key == "routers" { setRouterFunctions(in: inner, session: session) }
            if key == "floating_ips" { setFloatingIPFunctions(in: inner, session: session) }
            rejectUnknownNames(ofModuleAt: inner, module: "neutron.\(key)", notes: Self.missingOnPurpose(kind))
            stack.setRawField(key, ofTableAt: table)
        }
        rejectUnknownNames(ofModuleAt: table, module: "neutron")
    }

    private func setRouterFunctions(in table: Int32, session: @escaping SessionProvider) {
        for add in [true, false] {
            let name = add ? "add_interface" : "remove_interface"
            lua.setFunction(name, in: table, name: "neutron.routers.\(name)", isolated { [unowned self] call throws(LuaCallError) in
                let router = try call.reference(1, Kinds.router)
                var target = JSONObject()
                if call.stack.type(at: 2) == .table, case .object(let given) = try call.json(2), given["id"] == nil {
                    target = given // {subnet = ...} or {port = ...}
                } else {
                    target["subnet"] = JSON(try call.reference(2, Kinds.subnet))
                }
                return try suspend(call) { () async throws(OpenStackError) in
                    let session = try await session()
                    let routerID = try await session.resolveID(JSON(router), Kinds.router, option: "router").stringValue ?? router
                    var body = JSONObject()
                    if let subnet = target["subnet"] ?? target["subnet_id"] {
                        body["subnet_id"] = try await session.resolveID(subnet, Kinds.subnet, option: "subnet")
                    }
                    if let port = target["port"] ?? target["port_id"] {
                        body["port_id"] = try await session.resolveID(port, Kinds.port, option: "port")
                    }
                    return Self.value(try await session.routerInterface(routerID, add: add, body))
                }
            })
        }
        lua.setFunction("set_gateway", in: table, name: "neutron.routers.set_gateway", isolated { [unowned self] call throws(LuaCallError) in
            let router = try call.reference(1, Kinds.router)
            let network = call.isAbsent(2) ? nil : try call.reference(2, Kinds.network)
            return try suspend(call) { () async throws(OpenStackError) in
                let session = try await session()
                let routerID = try await session.resolveID(JSON(router), Kinds.router, option: "router").stringValue ?? router
                var networkID: String?
                if let network { networkID = try await session.resolveID(JSON(network), Kinds.network, option: "network").stringValue }
                return Self.value(try await session.setGateway(routerID, network: networkID))
            }
        })
    }

    private func setFloatingIPFunctions(in table: Int32, session: @escaping SessionProvider) {
        for associate in [true, false] {
            let name = associate ? "associate" : "disassociate"
            lua.setFunction(name, in: table, name: "neutron.floating_ips.\(name)", isolated { [unowned self] call throws(LuaCallError) in
                let floating = try call.reference(1, Kinds.floatingIP)
                let port = associate ? try call.reference(2, Kinds.port) : nil
                return try suspend(call) { () async throws(OpenStackError) in
                    let session = try await session()
                    let floatingID = try await session.resolveID(JSON(floating), Kinds.floatingIP, option: "floating IP").stringValue ?? floating
                    var portID: String?
                    if let port { portID = try await session.resolveID(JSON(port), Kinds.port, option: "port").stringValue }
                    return Self.value(try await session.associateFloatingIP(floatingID, port: portID))
                }
            })
        }
    }
}
