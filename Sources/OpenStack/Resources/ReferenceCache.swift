import JSONValue
import Transport

/// The ids that names resolved to during one run, shared by every task of the run: three tasks
/// creating servers from the image "cirros" look it up once. A lookup in flight is shared too,
/// so tasks that start together wait for one answer instead of each sending their own.
/// A kind's entries are forgotten when the run creates, updates or deletes one of that kind: a
/// name may then name something else, or nothing.
@LoopActor
final class ReferenceCache {
    private var entries: [String: Task<JSON, any Error>] = [:]
    /// Lookups started, by kind name, and those answered from the cache (for tests and reports).
    private(set) var lookups: [String: Int] = [:]
    private(set) var hits = 0

    /// The id `reference` names, from the cache or from `lookup` (which runs once per key while
    /// the entry stands). A failed lookup is not kept: the next call asks again.
    func id(of reference: String, _ kind: ResourceKind, parent: String?,
            lookup: @escaping @LoopActor () async throws(OpenStackError) -> JSON) async throws(OpenStackError) -> JSON {
        let key = Self.key(kind) + " " + (parent.map { "\($0) " } ?? "") + reference
        let task: Task<JSON, any Error>
        if let existing = entries[key] {
            hits += 1
            task = existing
        } else {
            lookups[kind.name, default: 0] += 1
            task = Task { @LoopActor in try await lookup() }
            entries[key] = task
        }
        // A cancelled caller stops waiting at once (a run must stop when told to); the shared
        // lookup is cancelled with it, and a caller that was not cancelled asks again.
        let result = await withTaskCancellationHandler {
            await task.result
        } onCancel: {
            task.cancel()
        }
        switch result {
        case .success(let id):
            return id
        case .failure(let error):
            if entries[key] == task { entries[key] = nil }
            if task.isCancelled && !Task.isCancelled { return try await id(of: reference, kind, parent: parent, lookup: lookup) }
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)", service: kind.service.projectName)
        }
    }

    /// Forgets every name of `kind` (under any parent).
    func forget(_ kind: ResourceKind) {
        let prefix = Self.key(kind) + " "
        entries = entries.filter { !$0.key.hasPrefix(prefix) }
    }

    private static func key(_ kind: ResourceKind) -> String {
        "\(kind.service.rawValue) \(kind.path)"
    }
}
