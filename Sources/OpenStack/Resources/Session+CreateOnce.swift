public import JSONValue

/// The layer that decides whether a create is sent again. Every layer below sends a POST once
/// (RetryPolicy): a create whose answer was lost (a dropped connection, a timeout after sending,
/// 502/503/504) ends there as `outcome_unknown`. Here the create carries a marker, so the
/// question "did it happen?" can be asked of the service: a resource carrying the marker is
/// adopted; when there is none, the create did not happen and is sent again, with the same
/// marker, so that a second lost answer is settled the same way.
extension Session {
    /// How many times one create may be sent in all. Each resend follows a look-up that found
    /// nothing, so it cannot duplicate; the cap of 3 keeps a service that keeps dropping answers
    /// from holding a call for long. Fewer when the call (`retries = N`) or the run (`--retries`)
    /// allows fewer retries: with none, a lost answer is only looked for.
    var createSendLimit: Int { min(3, (CallRetries.current ?? retryPolicy.maxAttempts - 1) + 1) }

    /// Creates one resource of `kind` from `body` (every create goes through here: a script's,
    /// `ensure`'s, an image upload's) and returns it.
    public func create(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        let created = try await createSettled(kind, body, options)
        recordCreated(kind, created, body: body, options)
        return created
    }

    private func createSettled(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        if kind.lookup == .idIsName { return try await createNamed(kind, body, options) }
        let marker = CreateMarker.random()
        // Nova names the servers of a multiple create NAME-1, NAME-2...: no look-up by the name
        // finds them, so such a create is not settled, only reported.
        let multiple = [body["min_count"], body["max_count"]].contains { ($0?.intValue ?? 1) > 1 }
        guard !multiple, let style = kind.marker, let marked = marker.marked(body, style) else {
            return try await post(kind, body, options)
        }
        return try await CallDeadline.withinRequestLimit(requestTimeout, clock: clock) { () async throws(OpenStackError) in
            try await settle(kind, marked, marker, style, name: body["name"]?.stringValue, options)
        }
    }

    /// Sends the marked create until it is answered, adopted, or sent `createSendLimit` times.
    private func settle(_ kind: ResourceKind, _ marked: JSONObject, _ marker: CreateMarker, _ style: MarkerStyle,
                        name: String?, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        var sent = 0
        while true {
            sent += 1
            let lost: OpenStackError
            do {
                return try await post(kind, marked, options)
            } catch where error.kind == .outcomeUnknown {
                lost = error
            }
            // A lost answer (a proxy's 504 above all) may mean the service is still working on
            // the create: look twice, some time apart, before concluding that it did not happen.
            var found: JSON?
            for look in 1...2 where found == nil {
                do throws(OpenStackError) {
                    try await pause(Self.settleDelay * Double(look))
                    found = try await carrying(kind, marker, style, name: name, body: marked, options)
                } catch {
                    throw Self.unsettled(lost, "looking for it by its marker failed too (\(error.description))")
                }
            }
            if let found {
                logger.info("adopted the \(kind.name) an earlier attempt created: its answer was lost", metadata: [
                    "id": "\(found[kind.idField]?.stringValue ?? "?")", "marker": "\(marker.token)", "sent": "\(sent)",
                ])
                return found
            }
            guard sent < createSendLimit else {
                throw Self.unsettled(lost, "the create was sent \(sent == 1 ? "once" : "\(sent) times") in all, each answer was lost and no \(kind.name) carries its marker")
            }
            logger.info("the \(kind.name) was not created (no answer, and none carries its marker): sending the create again", metadata: [
                "marker": "\(marker.token)", "attempt": "\(sent + 1)",
            ])
        }
    }

    /// The resource of `kind` that carries `marker`, or nil. The list is filtered by name when
    /// the create had one (a name filter every one of these services has), and the marker is
    /// matched here: none of them is relied on to filter by metadata, description or property.
    private func carrying(_ kind: ResourceKind, _ marker: CreateMarker, _ style: MarkerStyle, name: String?, body: JSONObject,
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

    /// Seconds before the first look for a create whose answer was lost (twice that before the
    /// second): time for a service still working on it to finish.
    static let settleDelay = 2.0

    /// The outcome_unknown error, saying what the look-up after it found out (its own text
    /// speaks of the retries below, which did not send it again).
    static func unsettled(_ error: OpenStackError, _ why: String) -> OpenStackError {
        var error = error
        error.message += "; then \(why)"
        return error
    }
}
