import Emulator
import Testing

/// Waits on many resources of a kind share one poll per round: the emulator's counters show
/// list calls, not a GET per resource per interval.
@Suite("coalesced waits", .serialized)
struct CoalescedWaitTests {
    @Test("eight servers and eight volumes waited for at once are polled with lists, not per resource")
    func eightServersOneListPerRound() async throws {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 2
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local names = {}
            for i = 1, 8 do names[i] = "coalesced-" .. i end
            local statuses = parallel.map(names, function(name)
              local server = nova.create{name = name, image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
              local volume = cinder.create{name = name, size = 1, wait = true}
              return server.status .. "/" .. volume.status
            end, {limit = 8})
            local ready = 0
            for _, status in ipairs(statuses) do if status == "ACTIVE/available" then ready = ready + 1 end end
            return ready
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "8\n")
        let serverPolls = requestCount(emulator, "compute", "GET", "/compute/v2.1/servers/{server_id}")
        let serverLists = requestCount(emulator, "compute", "GET", "/compute/v2.1/servers/detail")
        let volumePolls = requestCount(emulator, "volume", "GET", "/volume/v3/{project_id}/volumes/{volume_id}")
        let volumeLists = requestCount(emulator, "volume", "GET", "/volume/v3/{project_id}/volumes/detail")
        // Per resource, 2 s builds polled every 2 s would be 16 or more GETs of each kind (the
        // quotas of the emulator's demo project allow 10 servers).
        #expect(serverLists >= 1 && serverLists <= 8, "\(serverLists) server lists")
        #expect(volumeLists >= 1 && volumeLists <= 8, "\(volumeLists) volume lists")
        #expect(serverPolls + volumePolls <= 4, "\(serverPolls) server and \(volumePolls) volume GETs by id")
    }
}

/// A call's `retries` option bounds the retries of each request it makes.
@Suite("a call's own retries", .serialized)
struct CallRetriesTests {
    @Test("retries = 0 sends a failing GET once, retries = 1 twice")
    func retriesOption() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local control = ...
            neutron.networks.list() -- discovery and sign-in before the fault
            http.request{method = "PUT", url = control .. "/_emulator/faults",
                         json = {errors = {{method = "GET", route = "/network/v2.0/networks", rate = 1.0, statuses = {503}}}}}
            local ok, e = pcall(neutron.networks.list, {retries = 0})
            local ok2, e2 = pcall(neutron.networks.list, {retries = 1})
            local ok3, e3 = pcall(neutron.networks.list, {retries = -1})
            return {e.status, e2.status, e3.kind}
            """)
        let result = try await stackrunDetached(["run", "--allow-net=127.0.0.1", script, emulator.baseURL], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n  503,\n  503,\n  \"invalid_argument\"\n]\n")
        // 1 before the fault, then 1 and 2.
        #expect(requestCount(emulator, "network", "GET", "/network/v2.0/networks") == 4)
    }

    @Test("--retries 0 sends a failing GET once for the whole run; a bad value is a usage error")
    func retriesFlag() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local control = ...
            neutron.networks.list()
            http.request{method = "PUT", url = control .. "/_emulator/faults",
                         json = {errors = {{method = "GET", route = "/network/v2.0/networks", rate = 1.0, statuses = {503}}}}}
            local ok, e = pcall(neutron.networks.list)
            return e.status
            """)
        let result = try await stackrunDetached(["run", "--retries", "0", "--max-concurrency", "2", "--allow-net=127.0.0.1", script, emulator.baseURL],
                                                environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "503\n")
        #expect(requestCount(emulator, "network", "GET", "/network/v2.0/networks") == 2)
        let bad = try await stackrunDetached(["run", "--retries", "99", script], environment: cloudEnvironment(emulator))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--retries must be a whole number from 0 to 20"))
    }
}
