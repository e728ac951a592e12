public import Transport

/// Carries out a rollback plan: the joins undone first (each subject's one after another, the
/// subjects at once), then the resources deleted, each as soon as what used it is gone. Each
/// step's outcome is told to `report` as it happens, so the journal says what was undone even
/// when the rollback is cut short. Runs within the caller's deadline (CallDeadline).
@LoopActor
public struct Rollback {
    public enum StepOutcome: Sendable {
        case undone(UndoOutcome)
        case failed(OpenStackError)
        /// Not attempted: something that must go first could not be undone.
        case skipped(String)
    }

    public struct Summary: Sendable {
        public var undone = 0
        public var alreadyUndone = 0
        /// What is still there, by journal line, with why.
        public var left: [(sequence: Int, description: String, reason: String)] = []

        /// A signal stopped it before every step was done.
        public var stopped = false

        public var isComplete: Bool { left.isEmpty && !stopped }

        public init() {}
    }

    let plan: RollbackPlan
    /// By the journal's cloud key.
    let sessions: [String: Session]
    let report: @LoopActor (_ sequence: Int, _ description: String, StepOutcome) -> Void

    public init(plan: RollbackPlan, sessions: [String: Session], report: @escaping @LoopActor (_ sequence: Int, _ description: String, StepOutcome) -> Void) {
        self.plan = plan
        self.sessions = sessions
        self.report = report
    }

    public func run() async -> Summary {
        var steps: [Int: (cloud: String, description: String, body: @LoopActor (Session) async throws(OpenStackError) -> UndoOutcome)] = [:]
        var after: [Int: [Int]] = [:]
        for unlink in plan.unlinks {
            steps[unlink.sequence] = (unlink.cloud, Self.describe(unlink.link), { session throws(OpenStackError) in try await session.undo(unlink.link) })
            after[unlink.sequence] = unlink.after
        }
        for removal in plan.removals {
            steps[removal.sequence] = (removal.cloud, Self.describe(removal.resource), { session throws(OpenStackError) in try await session.remove(removal.resource) })
            after[removal.sequence] = removal.after
        }
        let running = RunningSteps()
        // Each step's task is made after those it waits for (depth first), so that every wait
        // has a task to wait on; a step found again while its own are being made is a cycle,
        // which the plan does not make, and is not waited for.
        var making = Set<Int>()
        func task(_ sequence: Int) -> Task<StepOutcome, Never>? {
            if let made = running.tasks[sequence] { return made }
            guard let step = steps[sequence], making.insert(sequence).inserted else { return nil }
            let waitFor = (after[sequence] ?? []).compactMap { task($0) }
            let made = Task { @LoopActor in
                for other in waitFor {
                    if case .undone = await other.value { continue }
                    return skip(sequence, step.description, "something that had to go first could not be undone")
                }
                if Task.isCancelled { return skip(sequence, step.description, "the rollback was stopped") }
                return await self.step(sequence, step.description, step.cloud, step.body)
            }
            running.tasks[sequence] = made
            return made
        }
        let order = plan.unlinks.map(\.sequence) + plan.removals.map(\.sequence)
        for sequence in order { _ = task(sequence) }
        var summary = Summary()
        await withTaskCancellationHandler {
            for sequence in order {
                guard let outcome = await running.tasks[sequence]?.value, let step = steps[sequence] else { continue }
                summary.add(outcome, sequence, step.description)
            }
        } onCancel: {
            Task { @LoopActor in running.cancelAll() }
        }
        summary.stopped = running.cancelled
        return summary
    }

    private func step(_ sequence: Int, _ description: String, _ cloud: String,
                      _ body: (Session) async throws(OpenStackError) -> UndoOutcome) async -> StepOutcome {
        let outcome: StepOutcome
        if let session = sessions[cloud] {
            do {
                outcome = .undone(try await body(session))
            } catch {
                outcome = .failed(error)
            }
        } else {
            outcome = .skipped("no session for its cloud")
        }
        report(sequence, description, outcome)
        return outcome
    }

    private func skip(_ sequence: Int, _ description: String, _ reason: String) -> StepOutcome {
        report(sequence, description, .skipped(reason))
        return .skipped(reason)
    }

    public nonisolated static func describe(_ link: ResourceLink) -> String {
        let slots = link.slots.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(link.operation) on \(link.kind) \(link.subject)" + (slots.isEmpty ? "" : " (\(slots))")
    }

    public nonisolated static func describe(_ resource: CreatedResource) -> String {
        guard resource.id.isEmpty else { return "\(resource.kind) \(resource.id)" + (resource.name.map { " (\($0))" } ?? "") }
        let what = resource.multiple ? "the \(resource.kind)s" : "the \(resource.kind)" + (resource.name.map { " '\($0)'" } ?? "")
        return what + " a create sent with marker \(resource.marker ?? "?") made, if any"
    }
}

extension Rollback.Summary {
    mutating func add(_ outcome: Rollback.StepOutcome, _ sequence: Int, _ description: String) {
        switch outcome {
        case .undone(.undone): undone += 1
        case .undone(.alreadyUndone): alreadyUndone += 1
        case .failed(let error): left.append((sequence, description, error.description))
        case .skipped(let reason): left.append((sequence, description, reason))
        }
    }
}

/// The steps' tasks, which a signal cancels together: each is a task of its own (they wait on
/// each other), so cancelling the rollback's task alone would not reach them.
@LoopActor
private final class RunningSteps {
    var tasks: [Int: Task<Rollback.StepOutcome, Never>] = [:]
    private(set) var cancelled = false

    func cancelAll() {
        cancelled = true
        for task in tasks.values { task.cancel() }
    }
}
