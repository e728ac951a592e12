public import Transport

/// What a run did to its clouds, counted as it happens: every request each session sent (by
/// service, method and status), the retries, the failures with their request ids, and the
/// resources created, changed and deleted. One tally serves every session of a run (its
/// metrics and, wrapping the journal's, its change recorder); a run summary reads `counts`.
@LoopActor
public final class RunTally: MetricsObserver {
    /// At most this many failures keep their details: a run that fails thousands of requests
    /// still has a summary of one line. The count of failures is kept whole.
    public static let keptFailures = 50

    public private(set) var counts = RunCounts()

    public init() {}

    public func requestSent(service: String) { counts.services[service, default: .init()].calls += 1 }
    public func retryScheduled(service: String) { counts.services[service, default: .init()].retries += 1 }
    public func requestFailed(service: String) { counts.services[service, default: .init()].failures += 1 }

    public func requestEnded(_ request: EndedRequest) {
        let status = request.status.map { String($0) } ?? "none"
        counts.services[request.service, default: .init()].byMethod[request.method, default: 0] += 1
        counts.services[request.service, default: .init()].byStatus[status, default: 0] += 1
        counts.services[request.service, default: .init()].byMethodAndStatus[.init(method: request.method, status: status), default: 0] += 1
        guard request.failed, !Self.isLookup(request) else { return }
        if counts.failedRequests.count < Self.keptFailures { counts.failedRequests.append(request) }
    }

    /// A GET or HEAD answered 404: "is it there?" asked and answered (a wait for a deletion,
    /// `find`, `absent`), counted by its status but not listed among the failures, where it
    /// would bury the ones worth a look.
    nonisolated static func isLookup(_ request: EndedRequest) -> Bool {
        request.status == 404 && (request.method == "GET" || request.method == "HEAD")
    }

    /// The recorder a session tells its changes: counts them, then hands them to `next` (the
    /// journal's, or none).
    public func recorder(forwardingTo next: any ChangeRecorder) -> any ChangeRecorder {
        CountingRecorder(tally: self, next: next)
    }

    func count(_ change: ResourceChange) {
        switch change {
        case .created(let resource): counts.resources[resource.kind, default: .init()].created += 1
        case .deleted(let kind, _): counts.resources[kind, default: .init()].deleted += 1
        case .linked(let link), .unlinked(let link): counts.resources[link.kind, default: .init()].changed += 1
        case .creating: break
        }
    }

    func countUpdate(kind: String) { counts.resources[kind, default: .init()].changed += 1 }
}

private struct CountingRecorder: ChangeRecorder {
    let tally: RunTally
    let next: any ChangeRecorder

    @LoopActor func record(_ change: ResourceChange) {
        tally.count(change)
        next.record(change)
    }

    @LoopActor func recordUpdate(kind: String, id: String) {
        tally.countUpdate(kind: kind)
        next.recordUpdate(kind: kind, id: id)
    }
}

/// The counts of a run so far: plain values, to be turned into a summary.
public struct RunCounts: Sendable, Equatable {
    public struct Service: Sendable, Equatable {
        /// Requests sent: every attempt, replay and version document.
        public var calls = 0
        public var retries = 0
        /// Attempts that got an error status or no answer.
        public var failures = 0
        public var byMethod: [String: Int] = [:]
        /// By status code as text; "none" for attempts that got no answer.
        public var byStatus: [String: Int] = [:]
        /// Both at once, for metrics labelled by method and status.
        public var byMethodAndStatus: [MethodAndStatus: Int] = [:]

        public init() {}
    }

    public struct MethodAndStatus: Sendable, Hashable, Comparable {
        public var method: String
        public var status: String

        public init(method: String, status: String) {
            (self.method, self.status) = (method, status)
        }

        public static func < (left: Self, right: Self) -> Bool { (left.method, left.status) < (right.method, right.status) }
    }

    public struct Resources: Sendable, Equatable {
        public var created = 0
        /// Updated in place, or joined to another or parted from it (attached, detached...).
        public var changed = 0
        public var deleted = 0

        public init() {}
    }

    /// By the service's project name: "nova", "keystone"...
    public var services: [String: Service] = [:]
    /// By kind, as the catalogue names kinds: "server", "security group rule"...
    public var resources: [String: Resources] = [:]
    /// The first `RunTally.keptFailures` failed attempts, a GET's or HEAD's 404 left out.
    public var failedRequests: [EndedRequest] = []

    public init() {}
}
