import Synchronization

/// What to do to one request, decided before it is processed.
struct FaultDecision: Sendable {
    var latencySeconds: Double?
    var dropBefore = false
    var dropAfter = false
    /// With `dropAfter`: close first, process this many seconds later.
    var processedAfter: Double?
    var error: (status: Int, retryAfter: Int)?

    static let none = FaultDecision()
}

/// Holds the fault plan and draws every fault from the seeded generator.
public final class FaultInjector: Sendable {
    private let plan: Mutex<FaultPlan>
    let random: SeededRandom
    private let baseSeed: UInt64

    init(plan: FaultPlan, seed: UInt64) {
        self.plan = Mutex(plan)
        baseSeed = plan.seed ?? seed
        random = SeededRandom(seed: baseSeed)
    }

    public var currentPlan: FaultPlan { plan.withLock { $0 } }

    /// Installs a new plan; its `seed`, if any, restarts the generator.
    func replace(with newPlan: FaultPlan) {
        plan.withLock { $0 = newPlan }
        if let seed = newPlan.seed { random.reseed(seed) }
    }

    /// Back to the start of the sequence (on reset).
    func restart() {
        random.reseed(plan.withLock { $0.seed } ?? baseSeed)
    }

    func decide(service: String, method: String, route: String) -> FaultDecision {
        let plan = self.plan.withLock { $0 }
        if plan.latency.isEmpty && plan.errors.isEmpty && plan.drops.isEmpty { return .none }
        var decision = FaultDecision()
        if let rule = plan.latency.first(where: { $0.match.matches(service: service, method: method, route: route) }) {
            decision.latencySeconds = random.uniform(rule.milliseconds) / 1000
        }
        for (index, rule) in plan.drops.enumerated() where rule.match.matches(service: service, method: method, route: route) {
            guard random.chance(rule.rate), spend(drop: index) else { continue }
            switch rule.when {
            case .before: decision.dropBefore = true
            case .after: (decision.dropAfter, decision.processedAfter) = (true, rule.processedAfter)
            case .either: if random.chance(0.5) { decision.dropBefore = true } else { decision.dropAfter = true }
            }
            return decision
        }
        for rule in plan.errors where rule.match.matches(service: service, method: method, route: route) {
            guard random.chance(rule.rate), let status = random.pick(rule.statuses) else { continue }
            decision.error = (status, rule.retryAfter)
            return decision
        }
        return decision
    }

    /// Counts one use of the drop rule at `index` against its `times`; false once it is spent.
    private func spend(drop index: Int) -> Bool {
        plan.withLock { plan in
            guard plan.drops.indices.contains(index), let left = plan.drops[index].times else { return true }
            guard left > 0 else { return false }
            plan.drops[index].times = left - 1
            return true
        }
    }

    /// The real lifetime of a token issued now, when the plan cuts it short.
    public func earlyTokenLifetime() -> Double? {
        guard let rule = plan.withLock({ $0.earlyTokenExpiry }), random.chance(rule.rate) else { return nil }
        return rule.afterSeconds
    }

    /// Whether a new resource of `kind` ("server", "volume", "image", "port") should go to ERROR
    /// instead of becoming ready. Services call this when they create one.
    public func resourceShouldFail(kind: String) -> Bool {
        let rules = plan.withLock { $0.resourceErrors }
        guard let rule = rules.first(where: { $0.kind == kind }) else { return false }
        return random.chance(rule.rate)
    }
}
