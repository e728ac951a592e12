/// What the waits of a run are waiting for, per kind, for a live progress line on a terminal:
/// "servers: 37/100 ACTIVE, 2 ERROR, 61 BUILD". A plain value: the waits tell it what they see,
/// and it says what to show. A kind counts every resource waited for since its waits began
/// (those done included) until none of them is waiting any more, then it is dropped.
public struct WaitProgress: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var target: String
        var status: String
        var waiting: Bool
    }

    /// Kind -> id -> entry, kinds in the order their waits began.
    private var kinds: [(kind: String, entries: [String: Entry])] = []

    public init() {}

    /// A wait began for `id` to reach `target` ("ACTIVE", or "DELETED" for a deletion).
    public mutating func started(_ kind: String, _ id: String, target: String) {
        update(kind) { $0[id] = Entry(target: target.uppercased(), status: "?", waiting: true) }
    }

    /// A round read the resource's status.
    public mutating func observed(_ kind: String, _ id: String, status: String) {
        update(kind) { $0[id]?.status = status.uppercased() }
    }

    /// The wait ended: with the status it saw last (the target, a failed state), or nil when it
    /// was given up (a timeout, a cancellation) with the status it had.
    public mutating func ended(_ kind: String, _ id: String, status: String?) {
        update(kind) { entries in
            entries[id]?.waiting = false
            if let status { entries[id]?.status = status.uppercased() }
        }
        if let index = kinds.firstIndex(where: { $0.kind == kind }), !kinds[index].entries.values.contains(where: \.waiting) {
            kinds.remove(at: index)
        }
    }

    public var isEmpty: Bool { kinds.isEmpty }

    /// One part per kind: "servers: 37/100 ACTIVE, 2 ERROR, 61 BUILD" (statuses not yet read
    /// show as "?"); the target most waits have comes first, then the others by count.
    public var text: String {
        kinds.map { kind, entries in
            let all = Array(entries.values)
            let targets = Dictionary(grouping: all, by: \.target)
            let target = targets.max { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key) }?.key ?? "?"
            var counts: [String: Int] = [:]
            for entry in all where entry.status != target { counts[entry.status, default: 0] += 1 }
            let others = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { "\($0.value) \($0.key)" }
            let reached = all.count - counts.values.reduce(0, +)
            return "\(kind)s: " + (["\(reached)/\(all.count) \(target)"] + others).joined(separator: ", ")
        }.joined(separator: "; ")
    }

    private mutating func update(_ kind: String, _ change: (inout [String: Entry]) -> Void) {
        if let index = kinds.firstIndex(where: { $0.kind == kind }) {
            change(&kinds[index].entries)
        } else {
            var entries: [String: Entry] = [:]
            change(&entries)
            if !entries.isEmpty { kinds.append((kind, entries)) }
        }
    }

    public static func == (lhs: WaitProgress, rhs: WaitProgress) -> Bool {
        lhs.kinds.map(\.kind) == rhs.kinds.map(\.kind) && zip(lhs.kinds, rhs.kinds).allSatisfy { $0.entries == $1.entries }
    }
}
