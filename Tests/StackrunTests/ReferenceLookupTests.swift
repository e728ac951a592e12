import Emulator
import Testing

/// Names are looked up once per run: tasks that name the same image, flavor and network share
/// one lookup, a name that cannot be an id is not tried as one, and a kind's names are looked up
/// again after the run creates or deletes one of that kind.
@Suite("references resolved once per run", .serialized)
struct ReferenceLookupTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("three servers from the same image, flavor and network names resolve each name once")
    func threeServersOneLookupEach() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local servers = parallel.map({1, 2, 3}, function(i)
              return nova.create{name = "web-" .. i, image = "cirros", flavor = "m1.tiny", network = "public", wait = true}.status
            end)
            return servers
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n  \"ACTIVE\",\n  \"ACTIVE\",\n  \"ACTIVE\"\n]\n")
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers") == 3)
        // One list by name each; none of the names is tried as an id.
        #expect(requestCount(emulator, "image", "GET", "/image/v2/images") == 1)
        #expect(requestCount(emulator, "image", "GET", "/image/v2/images/{image_id}") == 0)
        #expect(requestCount(emulator, "network", "GET", "/network/v2.0/networks") == 1)
        #expect(requestCount(emulator, "network", "GET", "/network/v2.0/networks/{network_id}") == 0)
        // Flavors have no name filter: the one list already holds the flavor.
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1/flavors/detail") == 1)
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1/flavors/{flavor_id}") == 0)
    }

    @Test("a server's network given as the table a create returned is that network, looked up by nobody")
    func networkAsTable() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local net = neutron.networks.create{name = "tabled"}
            neutron.subnets.create{network = net, cidr = "10.61.0.0/24", ip_version = 4}
            local one = nova.create{name = "one", image = "cirros", flavor = "m1.tiny", network = net, wait = true}
            local two = nova.create{name = "two", image = "cirros", flavor = "m1.tiny", networks = {net, "public"}, wait = true}
            local function nets(server) local names = {} for name in pairs(server.addresses) do names[#names + 1] = name end
              table.sort(names) return table.concat(names, ",") end
            return {nets(one), nets(two)}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n  \"tabled\",\n  \"public,tabled\"\n]\n")
        #expect(requestCount(emulator, "network", "GET", "/network/v2.0/networks/{network_id}") == 0)
    }

    @Test("a name is looked up again after the run deletes and recreates that kind")
    func forgottenAfterChange() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local first = neutron.networks.create{name = "moving"}
            local port = neutron.ports.create{name = "a", network = "moving"}
            neutron.ports.delete(port, {wait = true})
            neutron.networks.delete(first)
            local second = neutron.networks.create{name = "moving"}
            local again = neutron.ports.create{name = "b", network = "moving"}
            return {same = again.network_id == second.id, old = again.network_id == first.id}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"old\": false,\n  \"same\": true\n}\n")
    }

    /// A lookup shared by two calls runs under neither's deadline: the call with a short
    /// timeout gives up on its own, and the other still gets the answer.
    @Test("a shared lookup keeps each caller's own timeout")
    func sharedLookupOwnTimeouts() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        var plan = FaultPlan()
        plan.latency = [FaultPlan.Latency(match: RequestMatcher(service: "image", method: "GET", route: "/image/v2/images"),
                                          milliseconds: 1500...1500)]
        emulator.setFaults(plan)
        let script = try temporaryScript("""
            local hasty = spawn(function()
              return pcall(nova.create, {name = "hasty", image = "cirros", flavor = "m1.tiny", network = "public", timeout = 0.5})
            end)
            sleep(0.1)
            local ok, server = pcall(nova.create, {name = "patient", image = "cirros", flavor = "m1.tiny", network = "public"})
            local hasty_ok, e = hasty:wait()
            return {hasty = hasty_ok and "ok" or e.kind, patient = ok and "created" or server.kind}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"hasty\": \"timeout\",\n  \"patient\": \"created\"\n}\n")
        #expect(requestCount(emulator, "image", "GET", "/image/v2/images") == 1)
    }
}
