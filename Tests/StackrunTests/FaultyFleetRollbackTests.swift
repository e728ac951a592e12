import Emulator
import Foundation
import Testing

/// The other half of the reliability proof: the fleet workflow made to fail half-way, through the
/// same faults, with `--rollback-on-failure`. The rollback meets the faults too (its detaches and
/// deletes fail and lose their answers as often), and must still leave nothing of the run.
@Suite("a fleet that fails half-way, rolled back through failed and lost answers", .serialized)
struct FaultyFleetRollbackTests {
    @Test("50 servers and 50 volumes, failed after 25 attachments and rolled back through faults: nothing is left")
    func fleetRolledBackThroughFaults() async throws {
        let seed = UInt64.random(in: 1...999_999)
        let emulator = try await FaultyFleetTests.emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        emulator.setFaults(FaultyFleetTests.faults(seed: seed))
        let journal = "\(TestEnvironment.scratch)/sr-fleet-\(UUID().uuidString.prefix(8)).jsonl"

        let result = try await stackrunDetached(["run", "--retries", "10", "--timeout", "180", "--rollback-on-failure",
                                                 "--journal", journal, FaultyFleetTests.workflow, "undo", "50", "25"],
                                                environment: cloudEnvironment(emulator))
        emulator.setFaults(FaultPlan())
        let context = "seed \(seed): \(result.stderr.split(separator: "\n").suffix(30).joined(separator: "\n"))"
        #expect(result.status == 1, "\(context)")
        #expect(result.stderr.contains("failing on purpose after"), "\(context)")
        #expect(result.stderr.contains("nothing the run created is left"), "\(context)")

        let control = try await ControlRecord.read(emulator)
        for (kind, count) in control.resources where kind != "token" {
            #expect(count == before[kind] ?? 0, "\(kind): \(count) now, \(before[kind] ?? 0) before the run; seed \(seed)")
        }
        // The journal says what the run made, and that each of those was undone.
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let records = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let made = records.filter { ["created", "linked"].contains($0["event"] as? String ?? "") }.compactMap { $0["seq"] as? Int }
        let undone = Set(records.filter { $0["event"] as? String == "undone" }.compactMap { $0["of"] as? Int })
        #expect(made.count >= 55, "the stack, the volumes and the servers begun: \(made.count); seed \(seed)")
        #expect(made.filter { !undone.contains($0) } == [], "made but not undone; seed \(seed)")
        #expect(!lines.contains { $0.contains(#""event":"undo_failed""#) }, "seed \(seed)")
    }
}
