import Emulator
import Testing

/// `ensure` and `wait` mean what they say: one resource however many tasks ensure it at once,
/// and `wait = true` waits for (or fails on) a resource that already existed.
@Suite("ensure and wait", .serialized)
struct EnsureTests {
    func emulator(buildSeconds: Double = 0.2) async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = buildSeconds
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("eight tasks ensuring one network make one network, and all get it")
    func concurrentEnsure() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local list = {1, 2, 3, 4, 5, 6, 7, 8}
            local ids = parallel.map(list, function() return neutron.networks.ensure{name = "shared"}.id end)
            local groups = parallel.map(list, function() return neutron.security_groups.ensure{name = "shared"}.id end)
            local distinct = {}
            for _, id in ipairs(ids) do distinct[id] = true end
            for _, id in ipairs(groups) do distinct[id] = true end
            local count = 0
            for _ in pairs(distinct) do count = count + 1 end
            return {distinct = count, networks = #neutron.networks.list{name = "shared"},
                    groups = #neutron.security_groups.list{name = "shared"}}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"distinct\": 2,\n  \"groups\": 1,\n  \"networks\": 1\n}\n")
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
    }

    @Test("ensure with wait waits for an existing server still building")
    func ensureWaitsForExisting() async throws {
        let emulator = try await emulator(buildSeconds: 1)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local spec = {name = "half-built", image = "cirros", flavor = "m1.tiny", network = "public"}
            local first = nova.get(nova.create(spec).id)  -- an interrupted run left it in BUILD
            spec.wait = true
            local server, changed = nova.ensure(spec)
            return {first = first.status, status = server.status, changed = changed}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"changed\": false,\n  \"first\": \"BUILD\",\n  \"status\": \"ACTIVE\"\n}\n")
    }

    @Test("ensure with wait raises on an existing server in ERROR, with its fault")
    func ensureFailsOnExistingError() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        var plan = FaultPlan()
        plan.resourceErrors = [FaultPlan.ResourceErrors(kind: "server", rate: 1)]
        emulator.setFaults(plan)
        let script = try temporaryScript("""
            local spec = {name = "broken", image = "cirros", flavor = "m1.tiny", network = "public"}
            nova.create(spec)
            sleep(0.5)
            spec.wait = true
            local ok, e = pcall(nova.ensure, spec)
            return {ok = ok, kind = e.kind, status = e.resource and e.resource.status}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"kind\": \"failed\",\n  \"ok\": false,\n  \"status\": \"ERROR\"\n}\n")
    }
}
