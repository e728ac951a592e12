import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// `tags(resource)`, `add_tag(resource, tag)`, `remove_tag(resource, tag)`, `set_tags(resource, {...})`.
    func setTagFunctions(_ kind: ResourceKind, prefix: String, in table: Int32, session: @escaping SessionProvider) {
        lua.setFunction("tags", in: table, name: "\(prefix).tags", isolated { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            return try suspend(call) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(reference, kind, option: kind.name)
                return Self.value(.array(try await session.tags(kind, id).map { JSON($0) }))
            }
        })
        for add in [true, false] {
            let name = add ? "add_tag" : "remove_tag"
            lua.setFunction(name, in: table, name: "\(prefix).\(name)", isolated { [unowned self] call throws(LuaCallError) in
                let reference = try call.reference(1, kind)
                let tag = try call.string(2)
                return try suspend(call) { () async throws(OpenStackError) in
                    let session = try await session()
                    let id = try await session.resolveID(reference, kind, option: kind.name)
                    if add { try await session.addTag(kind, id, tag) } else { try await session.removeTag(kind, id, tag) }
                    return Self.value(.bool(true))
                }
            })
        }
        lua.setFunction("set_tags", in: table, name: "\(prefix).set_tags", isolated { [unowned self] call throws(LuaCallError) in
            let reference = try call.reference(1, kind)
            guard case .array(let list) = try call.json(2), list.allSatisfy({ $0.stringValue != nil }) else {
                throw .argument(2, "a list of strings expected")
            }
            return try suspend(call) { () async throws(OpenStackError) in
                let session = try await session()
                let id = try await session.resolveID(reference, kind, option: kind.name)
                try await session.setTags(kind, id, list.compactMap(\.stringValue))
                return Self.value(.bool(true))
            }
        })
    }
}
