import JSONValue
import Transport

/// The ids that names resolved to during one run, shared by every task of the run: three tasks
/// creating servers from the image "cirros" look it up once. A lookup in flight is shared too,
/// so tasks that start together wait for one answer instead of each sending their own.
/// A kind's entries are forgotten when the run creates or updates one of that kind, and every
/// entry when it deletes anything (a deleted server takes its ports and volumes with it): a name
/// may then name something else, or nothing.
@LoopActor
final class ReferenceCache {
    private struct Entry {
        let task: Task<JSON, any Error>
        /// Callers waiting for it now: when the last one leaves before the answer, it is cancelled.
        var waiters = 0
    }

    private var entries: [String: Entry] = [:]
    /// Lookups started, by kind name (for tests and reports).
    private(set) var lookups: [String: Int] = [:]

    /// The id `reference` names, from the cache or from `lookup` (which runs once per key while
    /// the entry stands). The lookup is shared work: it runs under no caller's deadline, and
    /// each caller waits for it only until its own deadline, or until it is cancelled. A failed
    /// lookup is not kept: the next call asks again.
    func id(of reference: String, _ kind: ResourceKind, parent: String?,
            lookup: @escaping @LoopActor () async throws(OpenStackError) -> JSON) async throws(OpenStackError) -> JSON {
        let key = Self.key(kind) + (parent.map { "\($0) " } ?? "") + reference
        if entries[key] == nil {
            lookups[kind.name, default: 0] += 1
            let task = Task { @LoopActor in try await CallDeadline.shared { () async throws(OpenStackError) in try await lookup() } }
            entries[key] = Entry(task: task)
        }
        let task = entries[key]!.task
        entries[key]!.waiters += 1
        let outcome = await LookupWait.result(of: task, until: CallDeadline.current)
        leave(key, task)
        switch outcome {
        case .answered(.success(let id)):
            return id
        case .answered(.failure(let error)):
            if entries[key]?.task == task { entries[key] = nil }
            throw error as? OpenStackError ?? OpenStackError(.transport, "\(error)", service: kind.service.projectName)
        case .cancelled:
            throw OpenStackError(.transport, "cancelled", service: kind.service.projectName)
        case .outOfTime(let deadline):
            throw OpenStackError(.timeout, "no answer within \(deadline.description) while looking up \(kind.name) '\(reference)'",
                                 service: kind.service.projectName)
        }
    }

    /// One caller stops waiting; a lookup nobody waits for any more is cancelled.
    private func leave(_ key: String, _ task: Task<JSON, any Error>) {
        guard var entry = entries[key], entry.task == task else { return }
        entry.waiters -= 1
        entries[key] = entry
        if entry.waiters == 0 {
            task.cancel()
            // A lookup that answered stays; one cancelled before answering is asked again.
            Task { @LoopActor [weak self] in
                if case .failure = await task.result, self?.entries[key]?.task == task { self?.entries[key] = nil }
            }
        }
    }

    /// Forgets every name of `kind` (under any parent).
    func forget(_ kind: ResourceKind) {
        let prefix = Self.key(kind)
        entries = entries.filter { !$0.key.hasPrefix(prefix) }
    }

    /// Forgets every name of every kind.
    func forgetAll() { entries = [:] }

    private static func key(_ kind: ResourceKind) -> String {
        "\(kind.service.rawValue) \(kind.path) "
    }
}

/// One caller's wait for a shared lookup: its answer, or the caller's deadline, or the caller's
/// cancellation, whichever comes first. Only the caller stops waiting; the lookup goes on for
/// the others.
@LoopActor
final class LookupWait {
    enum Outcome {
        case answered(Result<JSON, any Error>)
        case cancelled
        case outOfTime(CallDeadline)
    }

    private var continuation: CheckedContinuation<Outcome, Never>?
    private var watchers: [Task<Void, Never>] = []

    static func result(of task: Task<JSON, any Error>, until deadline: CallDeadline?) async -> Outcome {
        let wait = LookupWait()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                wait.continuation = continuation
                wait.watchers.append(Task { @LoopActor in wait.finish(.answered(await task.result)) })
                if let deadline {
                    wait.watchers.append(Task { @LoopActor in
                        do {
                            try await deadline.clock.sleep(seconds: deadline.secondsLeft)
                            wait.finish(.outOfTime(deadline))
                        } catch {}
                    })
                }
                if Task.isCancelled { wait.finish(.cancelled) }
            }
        } onCancel: {
            Task { @LoopActor in wait.finish(.cancelled) }
        }
    }

    private func finish(_ outcome: Outcome) {
        guard let continuation else { return }
        self.continuation = nil
        watchers.forEach { $0.cancel() }
        continuation.resume(returning: outcome)
    }
}
