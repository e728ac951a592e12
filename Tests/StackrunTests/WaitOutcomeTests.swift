import Emulator
import Foundation
import Testing

/// How a wait ends other than in the state asked for, through the binary against an emulator
/// whose build time is set: its `timeout` runs out (kind `timeout`), or another task deletes
/// what it waits for (kind `vanished`).
@Suite("waits that end in timeout or vanished")
struct WaitOutcomeTests {
    private func emulator(buildSeconds: Double) async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = buildSeconds
        config.timings.deleteSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("a wait whose timeout runs out raises kind timeout, well before the build ends")
    func waitTimesOut() async throws {
        let emulator = try await emulator(buildSeconds: 60)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local volume = cinder.create{name = "slow", size = 1}
            local started = os.time()
            local ok, e = pcall(cinder.wait, volume, "available", {timeout = 1, interval = 0.2})
            return {ok = ok, kind = e.kind, took = os.time() - started}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        let value = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(value["ok"] as? Bool == false)
        #expect(value["kind"] as? String == "timeout")
        #expect((value["took"] as? Int ?? 99) < 30, "the wait ended at its timeout, not at the build's end")
    }

    @Test("a server deleted by another task while waited for raises kind vanished")
    func waitedForResourceVanishes() async throws {
        let emulator = try await emulator(buildSeconds: 30)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            neutron.networks.create{name = "net"}
            neutron.subnets.create{network = "net", cidr = "10.40.0.0/24", ip_version = 4}
            local server = nova.create{name = "doomed", image = "cirros", flavor = "m1.tiny", network = "net"}
            local waiter = spawn(function() return nova.wait(server, "ACTIVE", {timeout = 60, interval = 0.2}) end)
            sleep(0.5)
            nova.delete(server)
            local ok, e = pcall(waiter.wait, waiter)
            return {ok = ok, kind = e.kind}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"kind\": \"vanished\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"ok\": false"), "\(result.stdout)")
    }
}
