import JSONValue

/// Where a session tells its change recorder what it did. Each is called once the service
/// confirmed the change and before the call returns, so a journal holds every resource a
/// script was ever handed.
extension Session {
    func recordCreated(_ kind: ResourceKind, _ created: JSON, body: JSONObject, marker: CreateMarker? = nil, _ options: CallOptions) {
        guard let id = created[kind.idField]?.identifierText else { return }
        let name = created["name"]?.stringValue ?? body["name"]?.stringValue
        seams.changes.record(.created(CreatedResource(kind: kind.name, id: id, name: name, parent: options.parent,
                                                      uses: Self.identifierCandidates(in: .object(body)), marker: marker?.token)))
    }

    /// A create about to be sent with `marker`. The name is kept only when a look-up by it can
    /// find what the create makes (not the NAME-1, NAME-2... of a multiple create).
    func recordCreating(_ kind: ResourceKind, _ marker: CreateMarker, body: JSONObject, multiple: Bool, _ options: CallOptions) {
        let name = multiple || body["os_hidden"]?.boolValue == true ? nil : body["name"]?.stringValue
        seams.changes.record(.creating(CreatedResource(kind: kind.name, id: "", name: name, parent: options.parent,
                                                       uses: Self.identifierCandidates(in: .object(body)),
                                                       marker: marker.token, multiple: multiple)))
    }

    /// A join made or broken, keyed by the joining operation and the slots its undoing keeps.
    func recordLink(_ prepared: PreparedOperation) {
        let operation = prepared.operation
        guard let role = operation.link else { return }
        let maker: Operation?
        switch role {
        case .makes: maker = operation
        case .breaks(let name): maker = Catalogue.operation(name, on: operation.subject)
        }
        guard let maker else { return }
        // The slots the undoing keeps, and every resource the joining named: a floating IP's
        // port too, so that an undo can see whether it is still on that port (one someone has
        // moved since is left where it is).
        var slots: [String: String] = [:]
        let named = maker.arguments.flatMap { argument -> [String] in
            if case .oneOf(let choices) = argument.form { return choices.map(\.slot) }
            return [argument.slot]
        }
        for slot in Set((maker.inverse?.keeping ?? []) + named) {
            if let value = prepared.slots[slot]?.identifierText { slots[slot] = value }
        }
        let link = ResourceLink(kind: operation.subject.name, operation: maker.name, subject: prepared.subjectID, slots: slots)
        seams.changes.record(role.isMaking ? .linked(link) : .unlinked(link))
    }

    func recordDeleted(_ kind: ResourceKind, _ id: String) {
        seams.changes.record(.deleted(kind: kind.name, id: id))
    }

    /// Every short string in a create body: among them are the ids of what it names, wherever
    /// the service nests them (a server's networks, its block devices). The journal keeps only
    /// those that are ids of resources the run created.
    nonisolated static func identifierCandidates(in value: JSON) -> [String] {
        var found: [String] = []
        func walk(_ value: JSON) {
            switch value {
            case .string:
                if let text = value.stringValue, text.utf8.count <= 80 { found.append(text) }
            case .array(let items):
                items.forEach(walk)
            case .object(let object):
                object.members.forEach { walk($0.value) }
            default:
                break
            }
        }
        walk(value)
        return found
    }
}

extension Operation.LinkRole {
    var isMaking: Bool { if case .makes = self { true } else { false } }
}
