import JSONValue
import Transport

extension Session {
    /// The resource as the next poll of its kind finds it; a 404 error once it is gone. Every wait on a
    /// kind shares that kind's poll loop (StatusPoller), so many waits cost one call per round.
    /// `firstRead` says this is the wait's first look (StatusPoller.observe).
    func observe(_ kind: ResourceKind, _ id: String, interval: Double, deadline: UInt64, firstRead: Bool,
                 _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let key = "\(kind.service.rawValue) \(kind.collection(parent: options.parent)) \(options.microversion ?? "-")"
        let poller: StatusPoller
        if let existing = statusPollers[key] {
            poller = existing
        } else {
            poller = StatusPoller(clock: clock) { [weak self] ids in
                guard let self else { return [:] }
                return await self.pollStatuses(kind, ids, options)
            }
            statusPollers[key] = poller
        }
        return try await poller.observe(id, interval: interval, deadline: deadline, firstRead: firstRead)
    }

    /// One round: a GET for a single id, the kind's bulk query for several. An id the bulk
    /// answer leaves out is asked for by itself (a list may hide what a GET still finds, such
    /// as Glance's hidden images), and only its 404 says it is gone. Those GETs go together, as
    /// many in flight as the service's request slots allow: every waiter of the round waits for
    /// the last of them, and a hundred deleted servers read one after the other took seconds.
    /// Shared work: it runs
    /// under no caller's deadline but a limit of its own (`roundLimit` per read); each waiter
    /// keeps its own deadline (StatusPoller).
    private func pollStatuses(_ kind: ResourceKind, _ ids: [String], _ options: CallOptions) async -> [String: StatusPoller.Observation] {
        var observations: [String: StatusPoller.Observation] = [:]
        var single = ids
        if ids.count > 1, kind.bulkStatus != nil {
            do {
                let found = try await roundRead { () async throws(OpenStackError) in try await current(kind, ids: ids, options) }
                for (id, resource) in found { observations[id] = .success(resource) }
                single = ids.filter { found[$0] == nil }
            } catch {
                // A 404 here is the list's, not a resource's: no waiter may read it as "gone".
                var failure = error
                if failure.status == 404 { failure.status = nil }
                for id in ids { observations[id] = .failure(failure) }
                return observations
            }
        }
        let reads = single.map { id in (id, Task { @LoopActor in await self.readAlone(kind, id, options) }) }
        for (id, read) in reads { observations[id] = await read.value }
        return observations
    }

    /// One id of a round, read by itself.
    private func readAlone(_ kind: ResourceKind, _ id: String, _ options: CallOptions) async -> StatusPoller.Observation {
        do {
            return .success(try await roundRead { () async throws(OpenStackError) in try await get(kind, id, options) })
        } catch {
            return .failure(error)
        }
    }

    /// Seconds one read of a round may take with its retries.
    static let roundLimit = 60.0

    /// One read of a round: free of the deadline and retries of whichever call started the loop,
    /// bounded by `roundLimit` instead.
    private func roundRead<T>(_ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        try await CallDeadline.shared { () async throws(OpenStackError) in try await CallDeadline.fresh(Self.roundLimit, body) }
    }
}
