import Logging
import OpenStack
import Transport

/// What `stackrun cleanup` did.
public struct CleanupOutcome: Sendable {
    public var status: ExitStatus
    /// What to tell the user: the error, or the summary.
    public var message: String
    /// The rollback, when one ran.
    public var rollback: RollbackResult?
    /// With --dry-run: what would be undone, a line each.
    public var plannedSteps: [String] = []

    public init(status: ExitStatus, message: String, rollback: RollbackResult? = nil, plannedSteps: [String] = []) {
        (self.status, self.message, self.rollback, self.plannedSteps) = (status, message, rollback, plannedSteps)
    }
}

extension Runtime {
    /// Undoes what a run's journal says it left standing, from another process and any time
    /// later: `stackrun cleanup JOURNAL`. What is already gone counts as undone, and each step
    /// is written to the journal, so a second cleanup finds nothing left to do.
    public func cleanUp(journal path: String, within seconds: Double, dryRun: Bool) async -> CleanupOutcome {
        let journal: RunJournal
        do {
            journal = try RunJournal(existing: path)
        } catch {
            return CleanupOutcome(status: error.isLocked ? .lockHeld : .usage, message: error.description)
        }
        defer { journal.close() }
        let plan = RollbackPlan(journal.records)
        guard !plan.isEmpty else {
            return CleanupOutcome(status: .success, message: "nothing left to undo in \(path)")
        }
        if dryRun {
            let steps = plan.unlinks.map { "undo " + Rollback.describe($0.link) } + plan.removals.map { "delete " + Rollback.describe($0.resource) }
            return CleanupOutcome(status: .success, message: "\(plan.count) change(s) would be undone", plannedSteps: steps)
        }
        var sessions: [String: Session] = [:]
        for key in Set(plan.unlinks.map(\.cloud) + plan.removals.map(\.cloud)).sorted() {
            guard let cloud = Self.cloud(key, in: journal) else {
                return CleanupOutcome(status: .usage, message: "the journal names cloud \(key) but does not say which it is")
            }
            if cloud.ephemeral {
                forgetEmulatorChanges(plan, cloud: key, journal: journal)
                continue
            }
            do {
                sessions[key] = try await clouds.session(forJournalCloud: cloud)
            } catch {
                return CleanupOutcome(status: Self.exitStatus(forKind: error.kind.rawValue) ?? .configuration, message: error.description)
            }
        }
        let remaining = RollbackPlan(journal.records)
        let result = await execute(remaining, in: journal, sessions: sessions, within: seconds)
        let status: ExitStatus = result.isComplete ? .success
            : result.interrupted ? (interruption == .terminated ? .terminated : .interrupted) : .incompleteCleanup
        var message = "\(result.undone) undone"
        if result.alreadyUndone > 0 { message += ", \(result.alreadyUndone) already gone" }
        message += result.isComplete ? "; nothing the run created is left" : "; \(result.left.count) left"
        return CleanupOutcome(status: status, message: message, rollback: result)
    }

    private static func cloud(_ key: String, in journal: RunJournal) -> JournalCloud? {
        for record in journal.records where record.cloud == key {
            if case .cloud(let cloud) = record.entry { return cloud }
        }
        return nil
    }

    /// A run's own emulator ended with the run, and everything in it: nothing to undo there.
    private func forgetEmulatorChanges(_ plan: RollbackPlan, cloud: String, journal: RunJournal) {
        let sequences = plan.unlinks.filter { $0.cloud == cloud }.map(\.sequence) + plan.removals.filter { $0.cloud == cloud }.map(\.sequence)
        for sequence in sequences { journal.recordUndo(of: sequence, .undone(.alreadyUndone)) }
        Logger(label: "stackrun.rollback").notice("the run used its own emulator, which ended with it: \(sequences.count) change(s) there are gone")
    }
}
