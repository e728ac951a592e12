import Emulator
import Foundation
import Testing

/// `--rollback-on-failure`: a run that fails leaves nothing it created, and nothing it found.
@Suite("rollback of a failed run, from its journal", .serialized)
struct RollbackTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.2
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    /// A network stack, a server on a port, a volume attached to it, a floating IP on the port,
    /// and a network the script finds rather than creates; then the failure.
    static let halfBuilt = """
        local kept = neutron.networks.ensure{name = "kept"}
        local net = neutron.networks.create{name = "rb-net"}
        local sub = neutron.subnets.create{name = "rb-sub", network = net, cidr = "10.9.0.0/24", ip_version = 4}
        local router = neutron.routers.create{name = "rb-router"}
        neutron.routers.set_gateway(router, "public")
        neutron.routers.add_interface(router, sub)
        local port = neutron.ports.create{name = "rb-port", network = net}
        local server = nova.create{name = "rb-vm", image = "cirros", flavor = "m1.tiny", networks = {{port = port.id}}, wait = true}
        local volume = cinder.create{name = "rb-vol", size = 1, wait = true}
        nova.attach_volume(server, volume, {wait = true})
        local fip = neutron.floating_ips.create{network = "public"}
        neutron.floating_ips.associate(fip, port)
        -- One made on its port: the router interface must outlast it too.
        local second = neutron.ports.create{name = "rb-port-2", network = net}
        neutron.floating_ips.create{network = "public", port = second}
        FAIL_HERE
        """

    @Test("a failed run is rolled back: joins undone, everything it created deleted, what it found kept")
    func failedRunLeavesNothing() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let kept = try await stackrunDetached(["run", try temporaryScript("neutron.networks.create{name = 'kept'}")],
                                              environment: cloudEnvironment(emulator))
        #expect(kept.status == 0, "\(kept.stderr)")
        let before = cloudResources(emulator)
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let script = try temporaryScript(Self.halfBuilt.replacingOccurrences(of: "FAIL_HERE", with: "error('half-way')"))
        let result = try await stackrunDetached(["run", "--rollback-on-failure", "--journal", journal, script],
                                                environment: cloudEnvironment(emulator))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("half-way"))
        #expect(result.stderr.contains("rollback: 12 undone; nothing the run created is left"), "\(result.stderr)")
        #expect(cloudResources(emulator) == before, "\(result.stderr)")
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(#""event":"created""#) }.count == 9)
        #expect(lines.filter { $0.contains(#""event":"linked""#) }.count == 3)
        // Each create was announced with its marker first; those lines are undone with it.
        #expect(lines.filter { $0.contains(#""event":"creating""#) }.count == 9)
        #expect(lines.filter { $0.contains(#""event":"undone""#) }.count == 12)
        #expect(!lines.contains { $0.contains("\"kept\"") }, "the network it found is not the run's")
        // Each join came undone before either of its sides was deleted.
        let records = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        func line(_ event: String, _ id: String) -> Int? {
            records.firstIndex { $0["event"] as? String == event && $0["id"] as? String == id }
        }
        for unlinked in records where unlinked["event"] as? String == "unlinked" {
            let sides = [unlinked["id"] as? String ?? ""] + ((unlinked["slots"] as? [String: String]) ?? [:]).values
            let at = line("unlinked", unlinked["id"] as? String ?? "") ?? Int.max
            for side in sides {
                if let deleted = line("deleted", side) { #expect(at < deleted, "\(side) was deleted before its join was undone") }
            }
        }
    }

    @Test("a run that times out is rolled back too, and exits 124")
    func timeoutRollsBack() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let script = try temporaryScript("""
            local net = neutron.networks.create{name = "slow"}
            neutron.ports.create{name = "slow-port", network = net}
            sleep(60)
            """)
        let result = try await stackrunDetached(["run", "--timeout", "2", "--rollback-on-failure", script],
                                                environment: cloudEnvironment(emulator))
        #expect(result.status == 124, "\(result.stderr)")
        #expect(result.stderr.contains("rollback: 2 undone"), "\(result.stderr)")
        #expect(cloudResources(emulator) == before)
    }

    @Test("a run that succeeds keeps what it made, and without the flag a failed one does too, naming its journal")
    func nothingUndoneUnasked() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let state = "\(TestEnvironment.scratch)/sr-state-\(UUID().uuidString.prefix(8))"
        var environment = cloudEnvironment(emulator)
        environment["XDG_STATE_HOME"] = state
        let succeeds = try await stackrunDetached(["run", "--rollback-on-failure", try temporaryScript("neutron.networks.create{name = 'ok'}")],
                                                  environment: environment)
        #expect(succeeds.status == 0, "\(succeeds.stderr)")
        let fails = try await stackrunDetached(["run", try temporaryScript("neutron.networks.create{name = 'left'}; error('no')")],
                                               environment: environment)
        #expect(fails.status == 1)
        #expect(cloudResources(emulator)["network"] == 3, "public, ok and left")
        let directory = state + "/stackrun/journals"
        let journals = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(journals.count == 2)
        // Both may start in the same second: the failed run's journal is the one naming "left".
        let failed = try #require(journals.first { name in
            ((try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? "").contains(#""name":"left""#)
        })
        #expect(fails.stderr.contains("what the run created is recorded in \(directory)/\(failed); `stackrun cleanup "), "\(fails.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/" + failed)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
    }

    @Test("a run that changes nothing writes no journal; --journal that cannot be written stops the run before it starts")
    func journalFileRules() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let state = "\(TestEnvironment.scratch)/sr-state-\(UUID().uuidString.prefix(8))"
        var environment = cloudEnvironment(emulator)
        environment["XDG_STATE_HOME"] = state
        let reads = try await stackrunDetached(["run", try temporaryScript("return #neutron.networks.list()")], environment: environment)
        #expect(reads.status == 0, "\(reads.stderr)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: state + "/stackrun/journals")) ?? [] == [])
        let blocked = try await stackrunDetached(["run", "--journal", "/nonexistent-dir/j.jsonl",
                                                  try temporaryScript("neutron.networks.create{name = 'never'}")], environment: environment)
        #expect(blocked.status == 2, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("/nonexistent-dir/j.jsonl"))
        #expect(cloudResources(emulator)["network"] == 1)
    }

    @Test("a rollback that cannot finish in --rollback-timeout stops there, says what is left, and cleanup finishes it later")
    func rollbackIsBounded() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        var plan = FaultPlan()
        plan.latency = [FaultPlan.Latency(match: RequestMatcher(service: "network", method: "DELETE"), milliseconds: 20_000...20_000)]
        emulator.setFaults(plan)
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let script = try temporaryScript("neutron.networks.create{name = 'stuck'}; error('no')")
        let started = Date()
        let result = try await stackrunDetached(["run", "--rollback-on-failure", "--rollback-timeout", "1", "--journal", journal, script],
                                                environment: cloudEnvironment(emulator))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("rollback: 0 undone; 1 left:\n  network "), "\(result.stderr)")
        #expect(result.stderr.contains("`stackrun cleanup \(journal)` deletes it"), "\(result.stderr)")
        #expect(try String(contentsOfFile: journal, encoding: .utf8).contains(#""event":"undo_failed""#))
        emulator.setFaults(FaultPlan())
        let cleanup = try await stackrunDetached(["cleanup", journal], environment: cloudEnvironment(emulator))
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        #expect(cloudResources(emulator) == before)
    }

    @Test("the servers of a multiple create are all rolled back; a run on the built-in emulator points to no cleanup")
    func multipleCreate() async throws {
        let state = "\(TestEnvironment.scratch)/sr-state-\(UUID().uuidString.prefix(8))"
        let script = try temporaryScript("""
            nova.create{name = "multi", image = "cirros", flavor = "m1.tiny", network = "public", min_count = 3, max_count = 3}
            error("after " .. #nova.list{name = "multi"} .. " servers")
            """)
        let rolled = try await stackrunDetached(["run", "--emulator", "--rollback-on-failure", script], environment: ["XDG_STATE_HOME": state])
        #expect(rolled.status == 1, "\(rolled.stderr)")
        #expect(rolled.stderr.contains("after 3 servers"), "\(rolled.stderr)")
        #expect(rolled.stderr.contains("rollback: 3 undone, 1 already gone; nothing the run created is left"), "\(rolled.stderr)")
        let left = try await stackrunDetached(["run", "--emulator", script], environment: ["XDG_STATE_HOME": state])
        #expect(left.status == 1)
        #expect(!left.stderr.contains("stackrun cleanup"), "the run's emulator is gone: \(left.stderr)")
    }

    @Test("a --journal file that already holds a journal is refused before the run starts")
    func journalReuseRefused() async throws {
        let journal = "\(TestEnvironment.scratch)/sr-journal-\(UUID().uuidString.prefix(8)).jsonl"
        let script = try temporaryScript("neutron.networks.create{name = 'once'}")
        let first = try await stackrunDetached(["run", "--emulator", "--journal", journal, script])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await stackrunDetached(["run", "--emulator", "--journal", journal, script])
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("already holds a journal"), "\(second.stderr)")
    }
}
