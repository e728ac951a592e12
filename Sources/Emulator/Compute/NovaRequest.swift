/// What Nova's handlers read off every request: the microversion, the query's pagination and
/// the checks its query schemas make.
extension EmulatorRequest {
    /// The negotiated microversion (2.1 when none was asked for).
    var version: APIVersion { microversion ?? APIVersion(2, 1) }

    func atLeast(_ major: Int, _ minor: Int) -> Bool { version >= APIVersion(major, minor) }

    /// `limit` (capped at Nova's `max_limit`: 1000, or the configured page size) and `marker`.
    func novaLimitAndMarker() throws(ServiceError) -> (limit: Int, marker: String?) {
        var limit = cloud.pageSize ?? 1000
        if let text = query.first("limit") {
            guard let value = Int(text), value >= 0, text.allSatisfy(\.isASCII) else {
                throw NovaValidation.invalidQuery("limit", text, "'\(text)' does not match '^[0-9]*$'")
            }
            limit = min(limit, value)
        }
        return (limit, query.first("marker"))
    }

    /// From 2.75 Nova's query schemas refuse parameters they do not name.
    func rejectUnknownQueryParameters(allowed: Set<String>, from version: APIVersion = APIVersion(2, 75)) throws(ServiceError) {
        guard self.version >= version else { return }
        var seen: [String] = []
        for name in query.names where !allowed.contains(name) && !seen.contains(name) { seen.append(name) }
        guard !seen.isEmpty else { return }
        let names = seen.map { "'\($0)'" }.joined(separator: ", ")
        throw .badRequest("Additional properties are not allowed (\(names) \(seen.count == 1 ? "was" : "were") unexpected)")
    }

    /// The body as a JSON object holding `key`, as Nova's schemas require of every body.
    func novaBody(_ key: String) throws(ServiceError) -> (body: EmulatorJSON, member: EmulatorJSON) {
        let body = try json()
        guard body.objectValue != nil else { throw .badRequest("\(PythonRepr.repr(body)) is not of type 'object'") }
        guard let member = body[key] else { throw .badRequest("'\(key)' is a required property") }
        return (body, member)
    }

    /// Nova's 403 for a policy that needs the admin role.
    func requireAdmin(_ policy: String) throws(ServiceError) {
        guard try requireAuth.isAdmin else { throw .forbidden("Policy doesn't allow \(policy) to be performed.") }
    }
}

extension Pagination {
    /// A page of a Nova list, with Nova's 400 for an unknown marker.
    static func novaPage<Item>(_ items: [Item], limit: Int, marker: String?, id: (Item) -> String) throws(ServiceError) -> Page<Item> {
        do {
            return try page(items, limit: limit, marker: marker, id: id)
        } catch {
            throw .badRequest("marker [\(marker ?? "")] not found")
        }
    }
}

extension CloudStore {
    /// `withState` for bodies that throw only `ServiceError`s, so that handlers can write
    /// `throw .notFound(…)`. (Passing such a closure to `withState` directly makes Swift 6.3's
    /// compiler crash when the closure returns nothing.)
    func withCompute<Value: Sendable>(_ body: (CloudState) throws(ServiceError) -> Value) throws(ServiceError) -> Value {
        let outcome: Result<Value, ServiceError>
        do {
            outcome = try withState { cloud in Result { () throws(ServiceError) -> Value in try body(cloud) } }
        } catch {
            throw ServiceError(status: 500, message: "The server has either erred or is incapable of performing the requested operation.")
        }
        return try outcome.get()
    }
}
