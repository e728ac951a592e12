import JSONValue

/// Creates of a kind whose name is its id (Nova's key pairs): the name is unique, so it is the
/// marker. A create whose answer was lost is settled by a GET of that name.
extension Session {
    /// Sends the create; after a lost answer, adopts the key pair of that name when it holds the
    /// public key this create imported, sends the create again when there is none, and otherwise
    /// fails with `outcome_unknown`: a generated key pair's private key is only ever in the
    /// create's answer, so one whose answer was lost is of no use and must not be passed off
    /// as made.
    func createNamed(_ kind: ResourceKind, _ body: JSONObject, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        guard let name = body["name"]?.stringValue, !name.isEmpty else { return try await post(kind, body, options) }
        return try await CallDeadline.withinRequestLimit(requestTimeout, clock: clock) { () async throws(OpenStackError) in
            try await settleNamed(kind, body, name: name, options)
        }
    }

    private func settleNamed(_ kind: ResourceKind, _ body: JSONObject, name: String, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let imported = body["public_key"]?.stringValue.map(Self.keyText)
        var sent = 0
        while true {
            sent += 1
            let lost: OpenStackError
            do {
                return try await post(kind, body, options)
            } catch where error.kind == .outcomeUnknown {
                lost = error
            }
            // As for marked creates: the service may still be working on it; look twice.
            var found: JSON?
            do throws(OpenStackError) {
                for look in 1...2 where found == nil {
                    try await pause(Self.settleDelay * Double(look))
                    found = try await findIfPresent(kind, name, options)
                }
            } catch {
                throw Self.unsettled(lost, "looking for '\(name)' failed too (\(error.description))")
            }
            if let found {
                guard let imported, found["public_key"]?.stringValue.map(Self.keyText) == imported else {
                    throw Self.unsettled(lost, imported == nil
                        ? "a \(kind.name) named '\(name)' exists now, but if this create made it, its private key was in the lost answer: delete it and create it again"
                        : "a \(kind.name) named '\(name)' exists now with another public key")
                }
                logger.info("adopted the \(kind.name) an earlier attempt created: its answer was lost", metadata: [
                    "id": "\(name)", "sent": "\(sent)",
                ])
                return found
            }
            guard sent < createSendLimit else {
                throw Self.unsettled(lost, "the create was sent \(sent == 1 ? "once" : "\(sent) times") in all, each answer was lost and no \(kind.name) is named '\(name)'")
            }
            logger.info("the \(kind.name) was not created (no answer, and none has its name): sending the create again", metadata: [
                "name": "\(name)", "attempt": "\(sent + 1)",
            ])
        }
    }

    /// A public key as compared: without the whitespace around it (Nova keeps the text as sent,
    /// but a trailing newline from a key file is not part of the key).
    nonisolated static func keyText(_ key: String) -> String {
        var text = Substring(key)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
