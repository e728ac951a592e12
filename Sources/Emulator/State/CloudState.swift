public import Foundation

/// The whole cloud: every service's state, the time of the current access, and the timers that
/// move resources through their status machines. Only reachable inside `CloudStore.withState`,
/// so it needs no locking of its own.
public final class CloudState {
    /// The time of the current access; every change made in one access uses it.
    public internal(set) var now: Date
    public let config: EmulatorConfig
    /// Fault decisions that resources need (a kind going to ERROR).
    public let faults: FaultInjector
    let services: [any EmulatedService]
    private var parts: [ObjectIdentifier: any ServiceState] = [:]
    private var timers: [Timer] = []
    private var nextTimerID = 0

    struct Timer {
        let id: Int
        let deadline: Date
        let action: (CloudState) -> Void
    }

    init(config: EmulatorConfig, services: [any EmulatedService], faults: FaultInjector, now: Date) throws {
        self.now = now
        self.config = config
        self.faults = faults
        self.services = services
        for service in services {
            if let state = try service.makeState(seededIn: self) {
                parts[ObjectIdentifier(type(of: state))] = state
            }
        }
    }

    /// A service's state by its type: `cloud[ComputeState.self]`. Each service folder adds a
    /// shorthand (`cloud.compute`).
    public subscript<State: ServiceState>(_ type: State.Type) -> State {
        guard let state = parts[ObjectIdentifier(type)] as? State else {
            preconditionFailure("\(type) is not registered: add its service to ServiceRegistry")
        }
        return state
    }

    /// The state of type `type`, or nil when that service is not running (a registry without it).
    public func optional<State: ServiceState>(_ type: State.Type) -> State? {
        parts[ObjectIdentifier(type)] as? State
    }

    /// Runs `action` on the state once `seconds` have passed (BUILD -> ACTIVE after
    /// `build_seconds`). Timers fire lazily, at the start of the first access at or after their
    /// deadline, in deadline order, with `now` set to the deadline; so a status change is never
    /// observed early, and a manual clock drives them exactly.
    @discardableResult
    public func schedule(after seconds: Double, _ action: @escaping (CloudState) -> Void) -> Int {
        nextTimerID += 1
        let timer = Timer(id: nextTimerID, deadline: now.addingTimeInterval(max(0, seconds)), action: action)
        let index = timers.firstIndex { $0.deadline > timer.deadline } ?? timers.endIndex
        timers.insert(timer, at: index)
        return timer.id
    }

    public func cancelTimer(_ id: Int) {
        timers.removeAll { $0.id == id }
    }

    /// Fires the timers that are due at `time`, then sets `now` to it.
    func advance(to time: Date) {
        while let first = timers.first, first.deadline <= time {
            timers.removeFirst()
            now = max(now, first.deadline)
            first.action(self)
        }
        now = max(now, time)
    }

    var pendingTimers: Int { timers.count }

    /// Existing resources per kind, over all services.
    var resourceCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for part in parts.values {
            counts.merge(part.resourceCounts) { $0 + $1 }
        }
        return counts
    }
}
