import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// Pushes the `nova` table: servers (`nova.create`, `nova.get`, ...), their actions, volume
    /// attachments, metadata, tags, console output, `nova.flavors` and `nova.keypairs`.  [-0, +1]
    func pushNovaModule(_ session: @escaping SessionProvider) {
        let stack = lua.stack
        stack.newTable(fields: 24)
        let table = stack.top
        setResourceFunctions(Kinds.server, prefix: "nova", in: table, session: session) { session, body throws(OpenStackError) in
            try await session.serverBody(body)
        }
        // Actions: each waits for the state it leads to when `wait = true`.
        let actions: [(String, String, JSON, String?)] = [
            ("stop", "os-stop", .null, "SHUTOFF"), ("start", "os-start", .null, "ACTIVE"),
            ("confirm_resize", "confirmResize", .null, "ACTIVE"), ("revert_resize", "revertResize", .null, "ACTIVE"),
        ]
        for (name, action, body, state) in actions {
            setServerAction(name, in: table, session: session) { _, _ throws(OpenStackError) in (action, body, state) }
        }
        setServerAction("reboot", in: table, session: session) { fields, _ throws(OpenStackError) in
            let type = fields["type"]?.stringValue?.uppercased() ?? "SOFT"
            return ("reboot", ["type": JSON(type)], "ACTIVE")
        }
        setServerAction("resize", in: table, session: session, extraArgument: true) { fields, flavor throws(OpenStackError) in
            ("resize", ["flavorRef": flavor ?? .null], "VERIFY_RESIZE")
        }
        setAttachmentFunctions(in: table, session: session)
        lua.setFunction("console_log", in: table, name: "nova.console_log", isolated { [unowned self] call throws(LuaCallError) in
            let server = try call.reference(1, Kinds.server)
            let lines = try call.optionalInteger(2)
            return try suspend(call) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(JSON(server), Kinds.server, option: "server")
                return Self.value(JSON(try await session.consoleLog(id.stringValue ?? server, lines: lines.map(Int.init))))
            }
        })
        lua.setFunction("set_metadata", in: table, name: "nova.set_metadata", isolated { [unowned self] call throws(LuaCallError) in
            let server = try call.reference(1, Kinds.server)
            // The metadata is the user's own keys: a key named "timeout" is metadata, not an option.
            try call.table(2)
            guard case .object(let metadata) = try call.json(2) else { throw .argument(2, "a table of metadata keys and values expected") }
            var (flags, control) = try call.options(3)
            let replace = flags.take("replace")?.boolValue ?? false
            try Self.refuseLeftovers(flags, call, 3)
            return try suspend(call, timeout: control.timeout) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(JSON(server), Kinds.server, option: "server")
                return Self.value(try await session.setMetadata(server: id.stringValue ?? server, metadata, replace: replace))
            }
        })
        setTagFunctions(Kinds.server, prefix: "nova", in: table, session: session)

        setKindTables([("flavors", Kinds.flavor), ("keypairs", Kinds.keypair)], of: "nova", in: table, session: session)
        rejectUnknownNames(ofModuleAt: table, module: "nova")
    }

    /// A server action: `nova.NAME(server [, argument], {wait =, timeout =, ...})`.
    private func setServerAction(
        _ name: String, in table: Int32, session: @escaping SessionProvider, extraArgument: Bool = false,
        _ describe: @escaping @LoopActor (JSONObject, JSON?) throws(OpenStackError) -> (String, JSON, String?)
    ) {
        lua.setFunction(name, in: table, name: "nova.\(name)", isolated { [unowned self] call throws(LuaCallError) in
            let server = try call.reference(1, Kinds.server)
            var flavor: JSON?
            if extraArgument { flavor = JSON(try call.reference(2, Kinds.flavor)) }
            let (fields, control) = try call.options(extraArgument ? 3 : 2)
            return try suspend(call, timeout: control.timeout) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(JSON(server), Kinds.server, option: "server").stringValue ?? server
                if let reference = flavor { flavor = try await session.resolveID(reference, Kinds.flavor, option: "flavor") }
                let (action, body, state) = try describe(fields, flavor)
                _ = try await session.serverAction(id, action, body, microversion: control.microversion)
                if control.wait, let state {
                    return Self.value(try await session.wait(for: [state], Kinds.server, id, control.waitOptions))
                }
                return Self.value(try await session.get(Kinds.server, id))
            }
        })
    }

    /// `nova.attach_volume(server, volume, {device =, wait =})` and `nova.detach_volume`.
    private func setAttachmentFunctions(in table: Int32, session: @escaping SessionProvider) {
        for attach in [true, false] {
            let name = attach ? "attach_volume" : "detach_volume"
            lua.setFunction(name, in: table, name: "nova.\(name)", isolated { [unowned self] call throws(LuaCallError) in
                let server = try call.reference(1, Kinds.server)
                let volume = try call.reference(2, Kinds.volume)
                var (fields, control) = try call.options(3)
                let device = fields.take("device")?.stringValue
                try Self.refuseLeftovers(fields, call, 3)
                return try suspend(call, timeout: control.timeout) { () async throws(OpenStackError) in
                    let session = try await session()
                    let serverID = try await session.resolveID(JSON(server), Kinds.server, option: "server").stringValue ?? server
                    let volumeID = try await session.resolveID(JSON(volume), Kinds.volume, option: "volume").stringValue ?? volume
                    var result: JSON = .null
                    if attach {
                        result = try await session.attachVolume(server: serverID, volume: volumeID, device: device)
                    } else {
                        try await session.detachVolume(server: serverID, volume: volumeID)
                    }
                    if control.wait {
                        let volumeState = try await session.wait(for: [attach ? "in-use" : "available"], Kinds.volume, volumeID, control.waitOptions)
                        if !attach { result = volumeState }
                    }
                    return Self.value(result)
                }
            })
        }
    }
}
