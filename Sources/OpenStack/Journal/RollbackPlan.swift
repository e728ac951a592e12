/// What is left to undo of a run, worked out from its journal: the joins still standing and
/// the resources still there, each with what must be gone before it. A value computed from the
/// records alone, so the order is tested without a cloud; `Rollback` carries it out.
///
/// Joins come undone first (a volume detached before either is deleted, a router's interfaces
/// removed before the router or the subnet), newest first. Then each resource is deleted once
/// every resource of the run that named it in its create is gone (a server before its port and
/// its volume, a port before its network, a subnet before its network): a resource can only
/// name what existed before it, so this order has no cycles, and what does not depend on each
/// other is deleted at once.
public struct RollbackPlan: Sendable, Equatable {
    public struct Unlink: Sendable, Equatable {
        /// The journal line that made the join.
        public let sequence: Int
        public let cloud: String
        public let link: ResourceLink
    }

    public struct Removal: Sendable, Equatable {
        /// The journal line that recorded the create.
        public let sequence: Int
        public let cloud: String
        public let resource: CreatedResource
        /// The removals (by line) that must be done first: those of what used this resource.
        public var after: [Int]
    }

    /// Newest first.
    public private(set) var unlinks: [Unlink] = []
    /// Newest first.
    public private(set) var removals: [Removal] = []

    public var isEmpty: Bool { unlinks.isEmpty && removals.isEmpty }
    public var count: Int { unlinks.count + removals.count }

    public init(_ records: [JournalRecord]) {
        let undone = Set(records.compactMap { record -> Int? in
            if case .undone(let of, _) = record.entry { return of }
            return nil
        })
        var standing: [ResourceLink: (sequence: Int, cloud: String)] = [:]
        var created: [String: Removal] = [:] // by cloud and id
        for record in records {
            guard case .change(let change) = record.entry, let cloud = record.cloud else { continue }
            switch change {
            case .created(let resource):
                created[Self.key(cloud, resource.id)] = Removal(sequence: record.sequence, cloud: cloud, resource: resource, after: [])
            case .linked(let link):
                standing[link] = (record.sequence, cloud)
            case .unlinked(let link):
                standing[link] = nil
            case .deleted(_, let id):
                created[Self.key(cloud, id)] = nil
            }
        }
        unlinks = standing.filter { !undone.contains($0.value.sequence) }
            .map { Unlink(sequence: $0.value.sequence, cloud: $0.value.cloud, link: $0.key) }
            .sorted { $0.sequence > $1.sequence }
        var remaining = created.filter { !undone.contains($0.value.sequence) }
        // What a resource used, or is nested in, waits for it to be deleted; so does a kind that
        // is used without being named (a subnet waits for the run's ports).
        for removal in remaining.values {
            let named = removal.resource.uses + [removal.resource.parent].compactMap { $0 }
            for id in Set(named) where id != removal.resource.id {
                remaining[Self.key(removal.cloud, id)]?.after.append(removal.sequence)
            }
        }
        for (key, removal) in remaining {
            let users = Set(Catalogue.kind(named: removal.resource.kind)?.removedAfter ?? [])
            guard !users.isEmpty else { continue }
            let implicit = remaining.values.filter { $0.cloud == removal.cloud && users.contains($0.resource.kind) }.map(\.sequence)
            remaining[key]?.after = Array(Set(removal.after + implicit))
        }
        removals = remaining.values.map { var removal = $0; removal.after.sort(); return removal }
            .sorted { $0.sequence > $1.sequence }
    }

    private static func key(_ cloud: String, _ id: String) -> String { cloud + " " + id }
}
