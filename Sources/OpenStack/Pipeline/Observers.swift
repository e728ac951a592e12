public import Transport

/// One mutating request that was sent (a create, an update, a delete, an action) and what came
/// of it: what a journal of the changes made to a cloud records. The URL has no credentials.
public struct JournalEntry: Sendable, Equatable {
    /// "nova", "cinder"...
    public let service: String
    public let method: String
    public let url: String
    /// The answer's status; nil when no answer came.
    public let status: Int?
    public let requestID: String?
    /// What went wrong when no answer came ("timed out: ..."), else nil.
    public let failure: String?
    /// 1 for the first time it was sent, more for a retry or a replay with a new token.
    public let attempt: Int
}

/// Told about each mutating request the session sends, once per time it is sent.
public protocol JournalObserver: Sendable {
    @LoopActor func record(_ entry: JournalEntry)
}

/// Told about every request a session sends, to count them per service.
public protocol MetricsObserver: Sendable {
    /// A request went out (each attempt, replay and version document counts).
    @LoopActor func requestSent(service: String)
    /// The retry policy decided to send a request again.
    @LoopActor func retryScheduled(service: String)
    /// An attempt got an error status (400 and above) or no answer at all.
    @LoopActor func requestFailed(service: String)
    /// An attempt ended, with an answer or without: what a run summary counts by method and
    /// status, and where it finds the request ids of failures.
    @LoopActor func requestEnded(_ request: EndedRequest)
}

extension MetricsObserver {
    @LoopActor public func requestEnded(_ request: EndedRequest) {}
}

/// One attempt as it ended. The URL has no credentials.
public struct EndedRequest: Sendable, Equatable {
    public let service: String
    public let method: String
    public let url: String
    /// Nil when no answer came (`failure` says why).
    public let status: Int?
    public let requestID: String?
    public let failure: String?
    public let milliseconds: Int

    public init(service: String, method: String, url: String, status: Int?, requestID: String?, failure: String?, milliseconds: Int) {
        (self.service, self.method, self.url, self.status) = (service, method, url, status)
        (self.requestID, self.failure, self.milliseconds) = (requestID, failure, milliseconds)
    }

    /// An error status, or no answer at all.
    public var failed: Bool { status.map { $0 >= 400 } ?? true }
}

/// The default journal: records nothing.
public struct NoJournal: JournalObserver {
    public init() {}
    @LoopActor public func record(_ entry: JournalEntry) {}
}

/// The default metrics: count nothing.
public struct NoMetrics: MetricsObserver {
    public init() {}
    @LoopActor public func requestSent(service: String) {}
    @LoopActor public func retryScheduled(service: String) {}
    @LoopActor public func requestFailed(service: String) {}
}

/// Metrics kept in memory: how many requests, retries and errors each service had.
@LoopActor
public final class RequestCounts: MetricsObserver {
    public struct Counts: Sendable, Equatable {
        public var requests = 0
        public var retries = 0
        public var errors = 0

        public init(requests: Int = 0, retries: Int = 0, errors: Int = 0) {
            (self.requests, self.retries, self.errors) = (requests, retries, errors)
        }
    }

    public private(set) var byService: [String: Counts] = [:]

    public init() {}

    public func requestSent(service: String) { byService[service, default: Counts()].requests += 1 }
    public func retryScheduled(service: String) { byService[service, default: Counts()].retries += 1 }
    public func requestFailed(service: String) { byService[service, default: Counts()].errors += 1 }
}

/// Shown each request as it is about to be sent, and what came of it: `--debug` (DebugTracer),
/// the one-line summary at debug level (RequestSummary, the default), tests.
public protocol RequestTracer: Sendable {
    @LoopActor func willSend(_ request: TracedRequest)
    /// The answer, whatever its status, or the reason none came.
    @LoopActor func didReceive(_ response: TracedResponse)
}

extension RequestTracer {
    @LoopActor public func didReceive(_ response: TracedResponse) {}
}

/// Traces nothing.
public struct NoTracer: RequestTracer {
    public init() {}
    @LoopActor public func willSend(_ request: TracedRequest) {}
}

/// Told of every wait a session does: where a live progress line gets its counts.
public protocol WaitObserver: Sendable {
    @LoopActor func waitStarted(_ kind: String, _ id: String, target: String)
    @LoopActor func waitObserved(_ kind: String, _ id: String, status: String)
    @LoopActor func waitEnded(_ kind: String, _ id: String, status: String?)
}

/// The default: shows nothing.
public struct NoWaitObserver: WaitObserver {
    public init() {}
    @LoopActor public func waitStarted(_ kind: String, _ id: String, target: String) {}
    @LoopActor public func waitObserved(_ kind: String, _ id: String, status: String) {}
    @LoopActor public func waitEnded(_ kind: String, _ id: String, status: String?) {}
}
