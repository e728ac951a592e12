import Logging
import OpenStack
import Transport

/// What a rollback did: how much it undid, and what it had to leave (with why), for the report.
public struct RollbackResult: Sendable {
    public var journalPath: String
    public var undone: Int
    public var alreadyUndone: Int
    public var left: [String]
    /// It was stopped by a signal before it finished.
    public var interrupted: Bool

    public var isComplete: Bool { left.isEmpty && !interrupted }
}

extension Runtime {
    /// Undoes what the run's journal says is still standing (`--rollback-on-failure`): joins
    /// first, then every resource the run created, in an order that deletes a resource only after
    /// what used it. Bounded by `seconds` in all; a signal stops it. Nil without a journal.
    public func rollBack(within seconds: Double) async -> RollbackResult? {
        guard let journal = clouds.journal else { return nil }
        return await execute(RollbackPlan(journal.records), in: journal, sessions: clouds.sessionsByJournalKey(), within: seconds)
    }

    /// Carries out `plan`, telling the journal what became of each step.
    func execute(_ plan: RollbackPlan, in journal: RunJournal, sessions: [String: Session], within seconds: Double) async -> RollbackResult {
        guard !plan.isEmpty else {
            return RollbackResult(journalPath: journal.path, undone: 0, alreadyUndone: 0, left: [], interrupted: false)
        }
        let logger = Logger(label: "stackrun.rollback")
        logger.notice("undoing what the run made: \(plan.count) change(s)", metadata: ["journal": "\(journal.path)"])
        let rollback = Rollback(plan: plan, sessions: sessions) { sequence, description, outcome in
            journal.recordUndo(of: sequence, outcome)
            Self.log(description, outcome, logger)
        }
        let task = Task { @LoopActor in
            // The deadline only bounds the calls: the body itself never throws.
            (try? await CallDeadline.within(seconds) { () async throws(OpenStackError) in await rollback.run() }) ?? Rollback.Summary()
        }
        rollbackTask = task
        let summary = await task.value
        rollbackTask = nil
        return RollbackResult(journalPath: journal.path, undone: summary.undone, alreadyUndone: summary.alreadyUndone,
                              left: summary.left.map { "\($0.description): \($0.reason)" }, interrupted: summary.stopped)
    }

    static func log(_ description: String, _ outcome: Rollback.StepOutcome, _ logger: Logger) {
        switch outcome {
        case .undone(.undone): logger.info("undone: \(description)")
        case .undone(.alreadyUndone): logger.info("already undone: \(description)")
        case .failed(let error): logger.error("could not undo \(description): \(error.description)")
        case .skipped(let reason): logger.warning("did not undo \(description): \(reason)")
        }
    }
}
