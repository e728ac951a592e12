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

        public var isComplete: Bool { left.isEmpty }

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
        var summary = Summary()
        let bySubject = Dictionary(grouping: plan.unlinks) { $0.cloud + " " + $0.link.subject }
        let unlinking = bySubject.values.map { unlinks in
            Task { @LoopActor in
                var outcomes: [(RollbackPlan.Unlink, StepOutcome)] = []
                for unlink in unlinks { outcomes.append((unlink, await step(unlink.sequence, Self.describe(unlink.link), unlink.cloud) { session throws(OpenStackError) in try await session.undo(unlink.link) })) }
                return outcomes
            }
        }
        var failedSubjects = Set<String>()
        for task in unlinking {
            for (unlink, outcome) in await task.value {
                summary.add(outcome, unlink.sequence, Self.describe(unlink.link))
                if case .failed = outcome { failedSubjects.insert(unlink.link.subject) }
            }
        }
        var removing: [Int: Task<StepOutcome, Never>] = [:]
        // Newest first: what a resource waits for (what was made with it, later) has its task
        // before the resource's own.
        for removal in plan.removals {
            let waitFor = removal.after.compactMap { removing[$0] }
            let stuckJoin = failedSubjects.contains(removal.resource.id)
            let description = Self.describe(removal.resource)
            removing[removal.sequence] = Task { @LoopActor in
                for other in waitFor {
                    if case .undone = await other.value { continue }
                    return skip(removal.sequence, description, "something made with it could not be removed")
                }
                if stuckJoin { return skip(removal.sequence, description, "a join made with it could not be undone") }
                return await step(removal.sequence, description, removal.cloud) { session throws(OpenStackError) in try await session.remove(removal.resource) }
            }
        }
        for removal in plan.removals {
            let outcome = await removing[removal.sequence]!.value
            summary.add(outcome, removal.sequence, Self.describe(removal.resource))
        }
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
        "\(resource.kind) \(resource.id)" + (resource.name.map { " (\($0))" } ?? "")
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
