import Emulator
import Testing

/// How many times the emulator saw `method route` (a route template such as
/// "/network/v2.0/networks") of `service`.
func requestCount(_ emulator: OpenStackEmulator, _ service: String, _ method: String, _ route: String) -> Int {
    emulator.stats()["requests"]?["by_route"]?[service]?["\(method) \(route)"]?.intValue ?? 0
}

/// A connection dropped after the service acted on a create or an action: the call reports
/// `outcome_unknown`, and no layer (libcurl's own retry of a dead kept-alive connection included)
/// sends it a second time. The emulator's counters are the proof.
@Suite("non-idempotent calls are sent once", .serialized)
struct SentOnceTests {
    /// Runs `body` (Lua) after a warm-up call that leaves a kept-alive connection to reuse, with
    /// every `method route` of `service` dropped after processing from then on.
    func runWithDrop(_ emulator: OpenStackEmulator, _ method: String, _ route: String, prepare: String = "", _ body: String) async throws -> Invocation {
        let script = try temporaryScript("""
            local control = ...
            \(prepare)
            neutron.networks.list() -- every service discovered, connections kept alive
            http.request{method = "PUT", url = control .. "/_emulator/faults",
                         json = {drops = {{method = "\(method)", route = "\(route)", rate = 1.0, when = "after"}}}}
            local ok, e = pcall(function() \(body) end)
            http.request{method = "DELETE", url = control .. "/_emulator/faults"}
            return {ok = ok, kind = type(e) == "table" and e.kind or tostring(e)}
            """)
        return try await stackrunDetached(["run", script, emulator.baseURL], environment: cloudEnvironment(emulator))
    }

    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("a network create whose answer is lost makes one network and says the outcome is unknown")
    func networkCreate() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let networksBefore = cloudResources(emulator)["network"] ?? 0
        let result = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", "neutron.networks.create{name = 'once'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"kind\": \"outcome_unknown\""), "\(result.stdout)")
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
        #expect(cloudResources(emulator)["network"] == networksBefore + 1)
    }

    @Test("a server create whose answer is lost is sent once")
    func serverCreate() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let result = try await runWithDrop(emulator, "POST", "/compute/v2.1/servers",
                                           "nova.create{name = 'once', image = 'cirros', flavor = 'm1.tiny', network = 'public'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"kind\": \"outcome_unknown\""), "\(result.stdout)")
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers") == 1)
        #expect(cloudResources(emulator)["server"] == 1)
    }

    @Test("a reboot whose answer is lost is sent once")
    func reboot() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let result = try await runWithDrop(
            emulator, "POST", "/compute/v2.1/servers/{server_id}/action",
            prepare: "local server = nova.create{name = 'r', image = 'cirros', flavor = 'm1.tiny', network = 'public', wait = true}",
            "nova.reboot(server)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"kind\": \"outcome_unknown\""), "\(result.stdout)")
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers/{server_id}/action") == 1)
    }
}
