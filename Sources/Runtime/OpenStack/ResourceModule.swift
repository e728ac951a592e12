import JSONValue
import LuaBridge
import OpenStack
import Transport

/// Gives the session a call runs against (the default cloud, or one from keystone.auth).
typealias SessionProvider = @LoopActor () async throws(OpenStackError) -> Session

extension Runtime {
    /// Sets the verbs `kind` supports (of create, get, find, list, update, delete, wait, ensure
    /// and absent) into the table at `index`. `prefix` names them in errors ("nova",
    /// "neutron.networks").
    func setResourceFunctions(_ kind: ResourceKind, prefix: String, in index: Int32, session: @escaping SessionProvider) {
        let table = lua.stack.absolute(index)
        func set(_ verb: Verb, _ body: @escaping @LoopActor (LuaCall) throws(LuaCallError) -> LuaReturn) {
            guard kind.supports(verb) else { return }
            lua.setFunction(verb.rawValue, in: table, name: "\(prefix).\(verb.rawValue)", isolated(body))
        }

        set(.create) { [unowned self] call throws(LuaCallError) in
            let (fields, control) = try call.options(1)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                let body = try await session.createBody(kind, fields)
                var created = try await session.create(kind, body, control.callOptions)
                if control.wait, let status = kind.status, let id = created[kind.idField]?.stringValue {
                    created = try await session.wait(for: status.ready, kind, id, control.waitOptions, control.callOptions)
                }
                return Self.value(created)
            }
        }
        set(.get) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            let (_, control) = try call.options(2)
            return try suspend(call, control) { () async throws(OpenStackError) in
                Self.value(try await session().find(kind, reference, control.callOptions))
            }
        }
        set(.find) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            let (_, control) = try call.options(2)
            return try suspend(call, control) { () async throws(OpenStackError) in
                // nil, not json.null, when nothing matches: `nova.find(x) or nova.create{...}`.
                guard let found = try await session().findIfPresent(kind, reference, control.callOptions) else {
                    return { stack in stack.pushNil(); return 1 }
                }
                return Self.value(found)
            }
        }
        set(.list) { [unowned self] call throws(LuaCallError) in
            let (query, limit, control) = try call.filters(1)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let items = try await session().list(kind, filters: query, limit: limit, control.callOptions)
                return Self.value(.array(items))
            }
        }
        set(.update) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            let (changes, control) = try call.options(2)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(reference, kind, option: kind.name)
                let body = try await session.resolvingReferences(of: kind, in: changes)
                return Self.value(try await session.update(kind, id, body, control.callOptions))
            }
        }
        set(.delete) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            // A table with its id is deleted by that id, with no GET first to find it.
            let knownID = try call.referenceValue(1, kind).objectValue?[kind.idField]?.identifierText
            var (fields, control) = try call.options(2)
            let ignoreMissing = fields.take("ignore_missing")?.boolValue ?? false
            try Self.refuseLeftovers(fields, call, 2)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                if let knownID {
                    let deleted: Bool
                    do throws(OpenStackError) {
                        deleted = try await session.delete(kind, knownID, ignoreMissing: ignoreMissing, control.callOptions)
                    } catch where error.status == 404 {
                        _ = try await session.find(kind, knownID) // raises the not-found error a lookup gives
                        throw error
                    }
                    if control.wait && deleted { try await session.waitForDeletion(kind, knownID, control.waitOptions, control.callOptions) }
                    return Self.value(.bool(deleted))
                }
                guard let found = try await session.findIfPresent(kind, reference, control.callOptions),
                      let id = found[kind.idField]?.stringValue else {
                    if ignoreMissing { return Self.value(.bool(false)) }
                    _ = try await session.find(kind, reference) // raises the not-found error
                    return Self.value(.bool(false))
                }
                let deleted = try await session.delete(kind, id, ignoreMissing: ignoreMissing, control.callOptions)
                if control.wait && deleted { try await session.waitForDeletion(kind, id, control.waitOptions, control.callOptions) }
                return Self.value(.bool(deleted))
            }
        }
        set(.ensure) { [unowned self] call throws(LuaCallError) in
            let (fields, control) = try call.options(1)
            guard let name = fields["name"]?.stringValue, !name.isEmpty else {
                throw .argument(1, "'name' must be a non-empty string: ensure looks the \(kind.name) up by it")
            }
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                // References are resolved only when a create is needed: a found resource needs none.
                var (resource, changed) = try await session.ensure(kind, fields, control.callOptions) { body throws(OpenStackError) in
                    try await session.createBody(kind, body)
                }
                // An existing resource is waited for too: a run that was cut short may have left
                // it half-built, and one that failed raises here with its fault. One resting in
                // another healthy state (a stopped server, an attached volume) is left as it is.
                if control.wait, let status = kind.status, let id = resource[kind.idField]?.stringValue {
                    let targets = changed ? status.ready : status.ready + status.settled
                    let current = resource[status.field]?.stringValue?.lowercased()
                    if !targets.contains(where: { $0.lowercased() == current }) {
                        resource = try await session.wait(for: targets, kind, id, control.waitOptions, control.callOptions)
                    }
                }
                return Self.valueAndChanged(resource, changed)
            }
        }
        set(.absent) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            let (_, control) = try call.options(2)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                let (resource, changed) = try await session.absent(kind, reference, control.callOptions)
                if changed, control.wait, let id = resource?[kind.idField]?.stringValue {
                    try await session.waitForDeletion(kind, id, control.waitOptions, control.callOptions)
                }
                return Self.valueAndChanged(resource, changed)
            }
        }
        set(.wait) { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            let targets: [String]
            if call.stack.type(at: 2) == .table, case .array(let list) = try call.json(2) {
                targets = list.compactMap(\.stringValue)
            } else {
                targets = [try call.optionalString(2) ?? kind.status!.ready[0]]
            }
            let (_, control) = try call.options(3)
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(reference, kind, option: kind.name)
                if targets.contains(where: { $0.uppercased() == "DELETED" }) {
                    try await session.waitForDeletion(kind, id, control.waitOptions, control.callOptions)
                    return Self.value(.null)
                }
                return Self.value(try await session.wait(for: targets, kind, id, control.waitOptions, control.callOptions))
            }
        }
    }

    /// Options a function does not know are an error, not silently ignored.
    static func refuseLeftovers(_ fields: JSONObject, _ call: LuaCall, _ position: Int32) throws(LuaCallError) {
        if let key = fields.keys.first { throw .argument(position, "unknown option '\(key)'") }
    }
}
