import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// Pushes the service module `root` ("nova", "neutron") as the catalogue declares it: each
    /// declared module under it becomes a table of its kind's verbs, tag functions, operations
    /// and hooks ("nova" itself for servers, "nova.flavors" as a field of it).  [-0, +1]
    func pushServiceModule(_ root: String, _ session: @escaping SessionProvider) {
        let stack = lua.stack
        let modules = Catalogue.modules.filter { $0.path == root || $0.path.hasPrefix(root + ".") }
        stack.newTable(fields: 24)
        let table = stack.top
        var rootNotes: [String: String] = [:]
        for module in modules {
            if module.path == root {
                installModule(module, in: table, session)
                rootNotes = Self.missingOnPurpose(module.kind)
                continue
            }
            stack.newTable(fields: 16)
            installModule(module, in: stack.top, session)
            rejectUnknownNames(ofModuleAt: -1, module: module.path, notes: Self.missingOnPurpose(module.kind))
            stack.setRawField(String(module.path.dropFirst(root.count + 1)), ofTableAt: table)
        }
        rejectUnknownNames(ofModuleAt: table, module: root, notes: rootNotes)
    }

    /// Sets one declared module's functions into the table at `table`.
    private func installModule(_ module: CatalogueModule, in table: Int32, _ session: @escaping SessionProvider) {
        setResourceFunctions(module.kind, prefix: module.path, in: table, session: session)
        if module.kind.tagStyle != .none { setTagFunctions(module.kind, prefix: module.path, in: table, session: session) }
        for operation in module.operations { setOperation(operation, prefix: module.path, in: table, session: session) }
        for hook in module.hooks {
            switch hook {
            case .imageUpload: setImageUpload(prefix: module.path, in: table, session: session)
            case .imageDownload: setImageDownload(prefix: module.path, in: table, session: session)
            }
        }
    }

    /// Names a kind's module lacks on purpose, and why: the calls its service does not offer.
    static func missingOnPurpose(_ kind: ResourceKind) -> [String: String] {
        var notes: [String: String] = [:]
        for verb in Verb.allCases where !kind.supports(verb) {
            if verb == .wait && kind.status == nil {
                notes["wait"] = "\(kind.name)s have no status to wait for; delete{wait = true} waits for a deletion"
            } else {
                notes[verb.rawValue] = "\(kind.service.projectName) has no \(verb.rawValue) call for \(kind.name)s"
            }
        }
        return notes
    }
}
