/// What is left to undo of a run, worked out from its journal: the joins still standing and
/// the resources still there, each with the steps that must be done before it. A value computed
/// from the records alone, so the order is tested without a cloud; `Rollback` carries it out.
///
/// A join is undone before either side of it is deleted (a volume detached before the server or
/// the volume goes, a router interface removed before the router or the subnet). A resource is
/// deleted once every resource of the run that named it in its create is gone (a server before
/// its port and its volume, a port before its network), and after the kinds its declaration says
/// may use it unnamed (a subnet after the run's ports). A join may wait for kinds too (a router
/// interface outlasts the floating IPs behind it). A resource can only name what existed before
/// it, and the kinds' declarations are ordered, so the steps form no cycle; what does not
/// depend on each other is done at once.
public struct RollbackPlan: Sendable, Equatable {
    public struct Unlink: Sendable, Equatable {
        /// The journal line that made the join.
        public let sequence: Int
        public let cloud: String
        public let link: ResourceLink
        /// The steps (by line) that must be done first.
        public var after: [Int] = []
    }

    public struct Removal: Sendable, Equatable {
        /// The journal line that recorded the create.
        public let sequence: Int
        public let cloud: String
        public let resource: CreatedResource
        /// The steps (by line) that must be done first: removals of what used it, the joins it
        /// is part of.
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
        var standing: [(sequence: Int, cloud: String, link: ResourceLink)] = []
        var created: [String: Removal] = [:] // by cloud and id
        var pending: [String: Removal] = [:] // by cloud and marker: creates with no answer yet
        for record in records {
            guard case .change(let change) = record.entry, let cloud = record.cloud else { continue }
            switch change {
            case .creating(let resource):
                pending[Self.key(cloud, resource.marker ?? "")] = Removal(sequence: record.sequence, cloud: cloud, resource: resource, after: [])
            case .created(let resource):
                // A multiple create's marker stays to be looked for: its answer names one of them.
                if let marker = resource.marker, pending[Self.key(cloud, marker)]?.resource.multiple == false {
                    pending[Self.key(cloud, marker)] = nil
                }
                created[Self.key(cloud, resource.id)] = Removal(sequence: record.sequence, cloud: cloud, resource: resource, after: [])
            case .linked(let link):
                standing.append((record.sequence, cloud, link))
            case .unlinked(let link):
                // The script's own detach names what it breaks, perhaps less precisely than the
                // join did (a disassociation names no port): it breaks every join it covers.
                standing.removeAll { $0.cloud == cloud && Self.covers(link, $0.link) }
            case .deleted(_, let id):
                created[Self.key(cloud, id)] = nil
            }
        }
        unlinks = standing.filter { !undone.contains($0.sequence) }
            .map { Unlink(sequence: $0.sequence, cloud: $0.cloud, link: $0.link) }
        // A create never answered is removed by its marker: what carries it, if anything does.
        removals = (Array(created.values) + Array(pending.values)).filter { !undone.contains($0.sequence) }
        order()
    }

    /// Fills in `after` for every step, and sorts both lists newest first.
    private mutating func order() {
        var removalIndex: [String: Int] = [:]
        for (index, removal) in removals.enumerated() where !removal.resource.id.isEmpty {
            removalIndex[Self.key(removal.cloud, removal.resource.id)] = index
        }
        var after: [Int: Set<Int>] = [:]
        for removal in removals {
            // What it names waits for it.
            for id in Set(removal.resource.uses + [removal.resource.parent].compactMap { $0 }) where id != removal.resource.id {
                if let index = removalIndex[Self.key(removal.cloud, id)] { after[removals[index].sequence, default: []].insert(removal.sequence) }
            }
            // It waits for the kinds that may use it unnamed, and for its joins.
            let users = Set(Catalogue.kind(named: removal.resource.kind)?.removedAfter ?? [])
            for other in removals where other.cloud == removal.cloud && users.contains(other.resource.kind) {
                after[removal.sequence, default: []].insert(other.sequence)
            }
            // A look for a create's marker comes after the removal of what it is known to have made.
            if removal.resource.id.isEmpty, let marker = removal.resource.marker {
                for other in removals where other.cloud == removal.cloud && other.resource.marker == marker && !other.resource.id.isEmpty {
                    after[removal.sequence, default: []].insert(other.sequence)
                }
            }
            for unlink in unlinks where unlink.cloud == removal.cloud && !removal.resource.id.isEmpty
                && (unlink.link.subject == removal.resource.id || unlink.link.slots.values.contains(removal.resource.id)) {
                after[removal.sequence, default: []].insert(unlink.sequence)
            }
        }
        for unlink in unlinks {
            let kinds = Set(Self.maker(of: unlink.link)?.undoneAfter ?? [])
            guard !kinds.isEmpty else { continue }
            for removal in removals where removal.cloud == unlink.cloud && kinds.contains(removal.resource.kind) {
                after[unlink.sequence, default: []].insert(removal.sequence)
            }
            for other in unlinks where other.cloud == unlink.cloud && kinds.contains(other.link.kind) {
                after[unlink.sequence, default: []].insert(other.sequence)
            }
        }
        for index in removals.indices { removals[index].after = after[removals[index].sequence, default: []].sorted() }
        for index in unlinks.indices { unlinks[index].after = after[unlinks[index].sequence, default: []].sorted() }
        removals.sort { $0.sequence > $1.sequence }
        unlinks.sort { $0.sequence > $1.sequence }
    }

    /// Whether an unlink breaks `link`: the same operation on the same subject, and every slot
    /// the unlink names has the link's value.
    static func covers(_ unlink: ResourceLink, _ link: ResourceLink) -> Bool {
        unlink.kind == link.kind && unlink.operation == link.operation && unlink.subject == link.subject
            && unlink.slots.allSatisfy { link.slots[$0.key] == $0.value }
    }

    static func maker(of link: ResourceLink) -> Operation? {
        Catalogue.kind(named: link.kind).flatMap { Catalogue.operation(link.operation, on: $0) }
    }

    private static func key(_ cloud: String, _ id: String) -> String { cloud + " " + id }
}
