/// Which Lua tasks may run, as a value: the states of every live task and the order in which the
/// ready ones run. The Scheduler performs what this decides; this type touches no Lua and no
/// sockets, so every interleaving of completion, cancellation and yield can be tested alone.
public struct RunQueue: Sendable {
    public typealias TaskID = Int

    public enum State: Equatable, Sendable {
        case ready
        /// Running now; `woken` records a completion that arrived before the task yielded (an
        /// operation that finished at once), so that the yield makes it ready again at once.
        case running(woken: Bool)
        /// Suspended until its operation completes or it is cancelled.
        case waiting
    }

    public private(set) var states: [TaskID: State] = [:]
    private var ready: [TaskID] = []
    private var readyHead = 0

    public init() {}

    public var liveCount: Int { states.count }
    public var readyCount: Int { ready.count - readyHead }
    public func state(of id: TaskID) -> State? { states[id] }

    /// A new task, ready to start.
    public mutating func add(_ id: TaskID) {
        precondition(states[id] == nil, "task \(id) added twice")
        states[id] = .ready
        ready.append(id)
    }

    /// The next task to run, now marked running.
    public mutating func next() -> TaskID? {
        while readyHead < ready.count {
            let id = ready[readyHead]
            readyHead += 1
            if readyHead > 64 && readyHead * 2 > ready.count {
                ready.removeFirst(readyHead)
                readyHead = 0
            }
            if states[id] == .ready {
                states[id] = .running(woken: false)
                return id
            }
        }
        return nil
    }

    /// The running task yielded: to wait for an operation, or (`waiting` false) only to let
    /// others run.
    public mutating func suspend(_ id: TaskID, waiting: Bool) {
        guard case .running(let woken) = states[id] else { preconditionFailure("task \(id) is not running") }
        if waiting && !woken {
            states[id] = .waiting
        } else {
            states[id] = .ready
            ready.append(id)
        }
    }

    /// The operation a task waits for completed (or the task was cancelled): make it ready.
    /// Returns false when there is nothing to wake (already ready, or finished).
    @discardableResult
    public mutating func wake(_ id: TaskID) -> Bool {
        switch states[id] {
        case .waiting:
            states[id] = .ready
            ready.append(id)
            return true
        case .running(woken: false):
            states[id] = .running(woken: true)
            return true
        case .ready, .running(woken: true), nil:
            return false
        }
    }

    /// The task's body returned or raised: it leaves the queue.
    public mutating func finish(_ id: TaskID) {
        precondition(states[id] != nil, "task \(id) is not live")
        states[id] = nil
    }
}
