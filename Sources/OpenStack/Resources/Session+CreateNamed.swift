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
        let imported = body["public_key"]?.stringValue.map(Self.keyText)
        let wording = LostAnswerWording(call: "create", adopted: "adopted the \(kind.name) an earlier attempt created",
                                        looking: "looking for '\(name)'", absence: "no \(kind.name) is named '\(name)'",
                                        idField: kind.idField, metadata: ["name": "\(name)"])
        return try await settling("POST", wording) { () async throws(OpenStackError) in
            try await post(kind, body, options)
        } look: { () async throws(OpenStackError) in
            guard let found = try await findIfPresent(kind, name, options) else { return .absent }
            guard let imported, found["public_key"]?.stringValue.map(Self.keyText) == imported else {
                return .unusable(imported == nil
                    ? "a \(kind.name) named '\(name)' exists now, but if this create made it, its private key was in the lost answer: delete it and create it again"
                    : "a \(kind.name) named '\(name)' exists now with another public key")
            }
            return .found(found)
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
