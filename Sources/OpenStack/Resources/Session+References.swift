public import JSONValue
import Transport

extension Session {
    /// The id of what `value` names: a resource table's own id, else the id found for the
    /// reference (an id or a name), once per run (ReferenceCache).
    public func resolveID(_ value: JSON, _ kind: ResourceKind, option: String, parent: String? = nil) async throws(OpenStackError) -> JSON {
        if let table = value.objectValue, let id = table[kind.idField] { return id }
        guard let reference = value.identifierText else {
            throw OpenStackError(.invalidArgument, "'\(option)' must name a \(kind.name), got \(value.kindName)", service: kind.service.projectName)
        }
        try Self.checkReference(reference, kind)
        return try await resolvedReferences.id(of: reference, kind, parent: parent) { () async throws(OpenStackError) in
            let found = try await self.find(kind, reference, CallOptions(parent: parent))
            guard let id = found[kind.idField] else {
                throw OpenStackError(.http, "\(kind.name) '\(reference)' has no \(kind.idField)", service: kind.service.projectName)
            }
            return id
        }
    }

    /// `resolveID` for a reference given as text.
    public func resolveID(_ reference: String, _ kind: ResourceKind, option: String) async throws(OpenStackError) -> String {
        let id = try await resolveID(JSON(reference), kind, option: option)
        return id.identifierText ?? reference
    }

    /// `body` with each of `kind`'s reference options replaced by the field it fills, holding the
    /// id it names (a list of ids for a list). Independent references are looked up at once.
    public func resolvingReferences(of kind: ResourceKind, in body: JSONObject) async throws(OpenStackError) -> JSONObject {
        var result = body
        var lookups: [(field: String, run: @LoopActor @Sendable () async throws(OpenStackError) -> JSON)] = []
        for reference in kind.references {
            guard let value = result.take(reference.option) else { continue }
            if case .array(let items) = value {
                // A list names several (each resolved); the API decides whether the field takes one.
                lookups.append((reference.field, { () async throws(OpenStackError) in
                    var ids: [JSON] = []
                    for item in items { ids.append(try await self.resolveID(item, reference.kind, option: reference.option)) }
                    return .array(ids)
                }))
            } else {
                lookups.append((reference.field, { () async throws(OpenStackError) in
                    try await self.resolveID(value, reference.kind, option: reference.option)
                }))
            }
        }
        for (field, id) in zip(lookups.map(\.field), try await Self.concurrently(lookups.map(\.run))) { result[field] = id }
        return result
    }

    /// The create request for `fields` as a script wrote them: references resolved, then the
    /// kind's hook (a server's networks) applied.
    public func createBody(_ kind: ResourceKind, _ fields: JSONObject) async throws(OpenStackError) -> JSONObject {
        switch kind.createHook {
        case nil:
            return try await resolvingReferences(of: kind, in: fields)
        case .serverBody:
            return try await serverBody(fields)
        }
    }

    /// Runs `operations` at once and returns their results in order. The first failure cancels
    /// the others and is thrown; so does the caller's cancellation.
    static func concurrently<T: Sendable>(_ operations: [@LoopActor @Sendable () async throws(OpenStackError) -> T]) async throws(OpenStackError) -> [T] {
        if operations.count == 1 { return [try await operations[0]()] }
        let running = RunningTasks<T>()
        running.tasks = operations.map { operation in
            Task { @LoopActor in
                do throws(OpenStackError) {
                    return try await operation()
                } catch {
                    running.failed(error)
                    throw error
                }
            }
        }
        let results = await withTaskCancellationHandler {
            var results: [Result<T, any Error>] = []
            for task in running.tasks { results.append(await task.result) }
            return results
        } onCancel: {
            Task { @LoopActor in running.cancelAll() }
        }
        // The first failure, not a cancellation it caused in another.
        if let failure = running.firstFailure { throw failure }
        var values: [T] = []
        for result in results {
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error): throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)")
            }
        }
        return values
    }
}

/// The tasks of one `concurrently` call, so that the first to fail can cancel the rest.
@LoopActor
private final class RunningTasks<T: Sendable> {
    var tasks: [Task<T, any Error>] = []
    private(set) var firstFailure: OpenStackError?

    func failed(_ error: OpenStackError) {
        if firstFailure == nil { firstFailure = error }
        cancelAll()
    }

    func cancelAll() { tasks.forEach { $0.cancel() } }
}

extension Session {
    /// Forgets every name resolved so far: for calls that may have changed any of them
    /// (`openstack.request` with a method other than GET or HEAD).
    public func forgetResolvedReferences() { resolvedReferences.forgetAll() }

    /// Lookups of references sent so far in this run, by kind name ("image": 1): for tests and
    /// reports of how many calls a workflow makes.
    public var referenceLookups: [String: Int] { resolvedReferences.lookups }
}
