public import JSONValue

extension Session {
    /// The resource `reference` names: tried as an id first, then as an exact name. A name
    /// matching several resources is an error listing their ids; a name matching none says what
    /// was looked for and where.
    public func find(_ kind: ResourceKind, _ reference: String, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        if let found = try await findIfPresent(kind, reference, options) { return found }
        let place = kind.service.projectName + (projectID.map { " (project \($0))" } ?? "")
        throw OpenStackError(.notFound, "no \(kind.name) with id or name '\(reference)' in \(place)",
                             service: kind.service.projectName, status: 404)
    }

    /// Like `find`, but nil when nothing matches. How it looks is the kind's `lookup`: a
    /// reference that cannot be an id of the kind (a name where ids are UUIDs) is not tried as one.
    public func findIfPresent(_ kind: ResourceKind, _ reference: String, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON? {
        try Self.checkReference(reference, kind)
        let matches: [JSON]
        switch kind.lookup {
        case .idIsName:
            return try await getIfPresent(kind, reference, options)
        case .wholeList:
            let all = try await list(kind, options)
            if let byID = all.first(where: { $0[kind.idField]?.stringValue == reference }) { return byID }
            matches = all.filter { $0["name"]?.stringValue == reference }
            // A list leaves out what only its id reaches (a private flavor).
            if matches.isEmpty, kind.idShape.admits(reference) { return try await getIfPresent(kind, reference, options) }
        case .idThenName:
            if kind.idShape.admits(reference), let found = try await getIfPresent(kind, reference, options) { return found }
            matches = try await byName(kind, reference, options)
        }
        switch matches.count {
        case 0:
            return nil
        case 1:
            return matches[0]
        default:
            let ids = matches.compactMap { $0[kind.idField]?.stringValue }
            throw OpenStackError(.ambiguous, "\(matches.count) \(kind.name)s are named '\(reference)': \(ids.joined(separator: ", ")); use an id",
                                 service: kind.service.projectName, resource: .array(matches))
        }
    }

    /// GET by id, nil on 404 (and on 400: some services reject what is not an id as invalid).
    private func getIfPresent(_ kind: ResourceKind, _ id: String, _ options: CallOptions) async throws(OpenStackError) -> JSON? {
        do {
            return try await get(kind, id, options)
        } catch where error.status == 404 || error.status == 400 {
            return nil
        }
    }

    /// Every resource whose name is exactly `name`.
    public func byName(_ kind: ResourceKind, _ name: String, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> [JSON] {
        let filters: [(String, String)]
        switch kind.nameMatch {
        case .exact: filters = [("name", name)]
        case .regex: filters = [("name", "^" + Self.regexEscaped(name) + "$")]
        case .clientSide: filters = []
        }
        return try await list(kind, filters: filters, options).filter { $0["name"]?.stringValue == name }
    }

    /// Returns the resource named `body.name` if there is one, or creates it. `changed` says
    /// which. For cron jobs that must be safe to run again, and for tasks of one run that ensure
    /// the same name at once: those take turns, so the first creates and the others find it.
    /// `prepare` turns the body into the create request (resolving references) only when a
    /// create is needed.
    public func ensure(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions = CallOptions(),
                       prepare: ((JSONObject) async throws(OpenStackError) -> JSONObject)? = nil) async throws(OpenStackError) -> (resource: JSON, changed: Bool) {
        guard let name = body["name"]?.stringValue else {
            throw OpenStackError(.invalidArgument, "ensure needs a name to look the \(kind.name) up by", service: kind.service.projectName)
        }
        return try await namedChanges.run(Self.changeKey(kind, name, options)) { () async throws(OpenStackError) in
            let existing = try await byName(kind, name, options)
            if existing.count > 1 {
                let ids = existing.compactMap { $0[kind.idField]?.stringValue }
                throw OpenStackError(.ambiguous, "\(existing.count) \(kind.name)s are named '\(name)': \(ids.joined(separator: ", "))",
                                     service: kind.service.projectName, resource: .array(existing))
            }
            if let found = existing.first { return (found, false) }
            let request = try await prepare?(body) ?? body
            return (try await create(kind, request, options), true)
        }
    }

    /// Deletes the resource `reference` names, if there is one; `changed` says whether it did.
    /// Takes turns with `ensure` of the same name.
    public func absent(_ kind: ResourceKind, _ reference: String, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> (resource: JSON?, changed: Bool) {
        try await namedChanges.run(Self.changeKey(kind, reference, options)) { () async throws(OpenStackError) in
            guard let found = try await findIfPresent(kind, reference, options),
                  let id = found[kind.idField]?.stringValue else { return (nil, false) }
            let deleted = try await delete(kind, id, ignoreMissing: true, options)
            return (found, deleted)
        }
    }

    private nonisolated static func changeKey(_ kind: ResourceKind, _ name: String, _ options: CallOptions) -> String {
        "\(kind.service.rawValue) \(kind.collection(parent: options.parent)) \(name)"
    }

    /// An empty reference names nothing (and as a path it would address the whole collection).
    nonisolated static func checkReference(_ reference: String, _ kind: ResourceKind) throws(OpenStackError) {
        guard reference.isEmpty else { return }
        throw OpenStackError(.invalidArgument, "an empty string does not name a \(kind.name): give an id or a name",
                             service: kind.service.projectName)
    }

    /// `text` with the regular-expression metacharacters Nova's name filter would interpret escaped.
    nonisolated static func regexEscaped(_ text: String) -> String {
        var output = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }
}
