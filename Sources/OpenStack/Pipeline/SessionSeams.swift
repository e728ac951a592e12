/// What a session works with but does not own: the clock, the transport, where tokens are kept,
/// and who is told about requests. Every one has a default that is real (the clock, the event
/// loop) or does nothing (store, journal, changes, metrics; the trace logs a line per answer at
/// debug level), so `Session(config:)` is a session as
/// it always was; tests and later features pass their own.
public struct SessionSeams: Sendable {
    public var clock: any SessionClock
    public var transport: any SessionTransport
    public var tokenStore: any TokenStore
    public var journal: any JournalObserver
    /// Told of the resources created, joined and deleted: the run journal's source.
    public var changes: any ChangeRecorder
    public var metrics: any MetricsObserver
    public var tracer: any RequestTracer
    /// Told of every wait and what each round of it read: a terminal's progress line.
    public var waits: any WaitObserver

    public init(clock: any SessionClock = SystemClock(), transport: any SessionTransport = EventLoopTransport(),
                tokenStore: any TokenStore = NoTokenStore(), journal: any JournalObserver = NoJournal(),
                metrics: any MetricsObserver = NoMetrics(), tracer: any RequestTracer = RequestSummary(),
                changes: any ChangeRecorder = NoChangeRecorder(), waits: any WaitObserver = NoWaitObserver()) {
        self.clock = clock
        self.transport = transport
        self.tokenStore = tokenStore
        self.journal = journal
        self.changes = changes
        self.metrics = metrics
        self.tracer = tracer
        self.waits = waits
    }
}
