public import JSONValue

/// The layer that decides whether a create is sent again. Every layer below sends a POST once
/// (RetryPolicy): a create whose answer was lost (a dropped connection, a timeout after sending,
/// 502/503/504) ends there as `outcome_unknown`, one answered 500 as that error. Here the create
/// carries a marker, so the question "did it happen?" can be asked of the service
/// (Session+Settle): a resource carrying the marker is adopted; when there is none, the create
/// did not happen and is sent again, with the same marker, so that a second lost answer is
/// settled the same way.
extension Session {
    /// Creates one resource of `kind` from `body` (every create goes through here: a script's,
    /// `ensure`'s, an image upload's) and returns it.
    public func create(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        if kind.lookup == .idIsName {
            let created = try await createNamed(kind, body, options)
            recordCreated(kind, created, body: body, options)
            return created
        }
        let marker = CreateMarker.random()
        guard let style = kind.marker, let marked = marker.marked(body, style) else {
            let created = try await post(kind, body, options)
            recordCreated(kind, created, body: body, options)
            return created
        }
        // Nova names the servers of a multiple create NAME-1, NAME-2...: no look-up by the name
        // finds them, so such a create is not settled, only reported. Each of them carries the
        // marker all the same (Nova gives them all the create's metadata): the journal finds
        // them by it.
        let multiple = [body["min_count"], body["max_count"]].contains { ($0?.intValue ?? 1) > 1 }
        recordCreating(kind, marker, body: body, multiple: multiple, options)
        guard !multiple else {
            let first = try await post(kind, marked, options)
            let all = (try? await list(kind, options).filter { marker.isCarried(by: $0, style) }) ?? []
            for created in all.isEmpty ? [first] : all { recordCreated(kind, created, body: body, marker: marker, options) }
            return first
        }
        let created = try await settle(kind, marked, marker, style, name: body["name"]?.stringValue, options)
        recordCreated(kind, created, body: body, marker: marker, options)
        return created
    }

    /// Sends the marked create until it is answered, adopted, or sent `settledSendLimit` times.
    private func settle(_ kind: ResourceKind, _ marked: JSONObject, _ marker: CreateMarker, _ style: MarkerStyle,
                        name: String?, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let wording = LostAnswerWording(call: "create", adopted: "adopted the \(kind.name) an earlier attempt created",
                                        looking: "looking for it by its marker", absence: "no \(kind.name) carries its marker",
                                        idField: kind.idField, metadata: ["marker": "\(marker.token)"])
        return try await settling("POST", wording) { () async throws(OpenStackError) in
            try await post(kind, marked, options)
        } look: { () async throws(OpenStackError) in
            try await carrying(kind, marker, style, name: name, body: marked, options).map(LostAnswerLook.found) ?? .absent
        }
    }

    /// The resource of `kind` that carries `marker`, or nil. The list is filtered by name when
    /// the create had one (a name filter every one of these services has), and the marker is
    /// matched here: none of them is relied on to filter by metadata, description or property.
    func carrying(_ kind: ResourceKind, _ marker: CreateMarker, _ style: MarkerStyle, name: String?, body: JSONObject,
                          _ options: CallOptions) async throws(OpenStackError) -> JSON? {
        // Glance leaves hidden images out of its lists unless asked for them.
        let hidden: [(String, String)] = body["os_hidden"]?.boolValue == true ? [("os_hidden", "true")] : []
        let candidates: [JSON]
        if let name, hidden.isEmpty {
            candidates = try await byName(kind, name, options)
        } else {
            candidates = try await list(kind, filters: hidden, options)
        }
        return candidates.first { marker.isCarried(by: $0, style) }
    }
}
