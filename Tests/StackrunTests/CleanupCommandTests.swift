import Emulator
import Foundation
import Glibc
import Testing

/// `stackrun cleanup JOURNAL`: what a run left, undone later from another process, safely twice.
@Suite("stackrun cleanup", .serialized)
struct CleanupCommandTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.2
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    /// Runs the half-built workflow without rollback and returns its journal's path.
    func failedRun(_ emulator: OpenStackEmulator) async throws -> String {
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let script = try temporaryScript(RollbackTests.halfBuilt.replacingOccurrences(of: "FAIL_HERE", with: "error('half-way')"))
        let result = try await stackrunDetached(["run", "--journal", journal, script], environment: cloudEnvironment(emulator))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("`stackrun cleanup \(journal)` deletes it"), "\(result.stderr)")
        return journal
    }

    @Test("cleanup deletes what a failed run left; a second cleanup finds nothing to do")
    func cleanupTwice() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let journal = try await failedRun(emulator)
        #expect(cloudResources(emulator) != before)
        let planned = try await stackrunDetached(["cleanup", "--dry-run", journal], environment: cloudEnvironment(emulator))
        #expect(planned.status == 0, "\(planned.stderr)")
        // Here `ensure` made the "kept" network too: 10 resources and 3 joins.
        #expect(planned.stdout.split(separator: "\n").count == 13, "\(planned.stdout)")
        #expect(planned.stdout.hasPrefix("undo associate on floating IP "), "\(planned.stdout)")
        #expect(cloudResources(emulator) != before, "a dry run changes nothing")
        let first = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(emulator))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("stackrun: 13 undone; nothing the run created is left"), "\(first.stderr)")
        #expect(cloudResources(emulator) == before)
        let requests = emulator.stats()["requests"]?["total"]?.intValue ?? 0
        let second = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(emulator))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("nothing left to undo in \(journal)"), "\(second.stderr)")
        #expect(emulator.stats()["requests"]?["total"]?.intValue == requests, "a second cleanup sends nothing")
    }

    @Test("what the script or someone else deleted meanwhile counts as undone")
    func alreadyGone() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let journal = try await failedRun(emulator)
        let tidy = try temporaryScript("""
            nova.delete("rb-vm", {wait = true})
            cinder.delete("rb-vol", {wait = true})
            for _, ip in ipairs(neutron.floating_ips.list()) do neutron.floating_ips.delete(ip.id) end
            """)
        let removed = try await stackrunDetached(["run", tidy], environment: cloudEnvironment(emulator))
        #expect(removed.status == 0, "\(removed.stderr)")
        let result = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("already gone"), "\(result.stderr)")
        #expect(cloudResources(emulator) == before)
    }

    @Test("a journal still locked by its run is refused with 75; one from another cloud with 3; a file that is no journal with 2")
    func refusals() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let journal = try await failedRun(emulator)
        // Close-on-exec: a stackrun another test starts meanwhile must not inherit the lock.
        let descriptor = open(journal, O_RDONLY | O_CLOEXEC)
        #expect(flock(descriptor, LOCK_EX) == 0)
        let locked = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(emulator))
        close(descriptor)
        #expect(locked.status == 75, "\(locked.stderr)")
        #expect(locked.stderr.contains("in use by another stackrun process"), "\(locked.stderr)")

        let other = try await self.emulator()
        defer { Task { await other.stop() } }
        let elsewhere = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(other))
        #expect(elsewhere.status == 3, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("no configured cloud has the journal's auth URL \(emulator.authURL)"), "\(elsewhere.stderr)")
        #expect(!elsewhere.stderr.contains("admin"), "no credentials in the message")

        let notJournal = try temporaryScript("return 1")
        let wrong = try await stackrunDetached(["cleanup", notJournal], environment: cloudEnvironment(emulator))
        #expect(wrong.status == 2, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("is not a stackrun run journal"), "\(wrong.stderr)")
    }
}
