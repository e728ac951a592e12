import Emulator
import Testing

/// How many times the emulator saw `method route` (a route template such as
/// "/network/v2.0/networks") of `service`.
func requestCount(_ emulator: OpenStackEmulator, _ service: String, _ method: String, _ route: String) -> Int {
    emulator.stats()["requests"]?["by_route"]?[service]?["\(method) \(route)"]?.intValue ?? 0
}

/// A connection dropped after the service acted on a create or an action: no layer below the
/// one that decides (libcurl's own retry of a dead kept-alive connection included) sends it a
/// second time. For a create that layer looks for the resource by its marker and adopts it, so
/// the POSTs the emulator counts are the creates that layer sent; an action stays
/// `outcome_unknown`. The emulator's counters are the proof.
@Suite("non-idempotent calls are sent once", .serialized)
struct SentOnceTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("a network create whose answer is lost is sent once and the network it made is adopted")
    func networkCreate() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let networksBefore = cloudResources(emulator)["network"] ?? 0
        let (result, document) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", "neutron.networks.create{name = 'once'}",
                                                       check: "neutron.networks.list{name = 'once'}")
        expectOne(result, document)
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
        #expect(cloudResources(emulator)["network"] == networksBefore + 1)
    }

    @Test("a server create whose answer is lost is sent once")
    func serverCreate() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/compute/v2.1/servers",
                                                       "nova.create{name = 'once', image = 'cirros', flavor = 'm1.tiny', network = 'public'}",
                                                       check: "nova.list{name = 'once'}")
        expectOne(result, document)
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers") == 1)
        #expect(cloudResources(emulator)["server"] == 1)
    }

    @Test("a create whose every answer is lost unprocessed is sent only as often as its retries allow, then fails")
    func createCapped() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let networksBefore = cloudResources(emulator)["network"] ?? 0
        let (result, document) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", when: "before",
                                                       "neutron.networks.create{name = 'never', retries = 2}",
                                                       check: "neutron.networks.list{name = 'never'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect((document["message"] as? String ?? "").contains("sent 3 times"), "\(result.stdout)")
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 3, "one per create the create path sent")
        #expect(cloudResources(emulator)["network"] == networksBefore)
    }

    @Test("with retries = 0 a create whose answer is lost unprocessed is looked for, not sent again")
    func createNotRetried() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let networksBefore = cloudResources(emulator)["network"] ?? 0
        let (result, document) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", when: "before", times: 1,
                                                       "neutron.networks.create{name = 'no-retry', retries = 0}",
                                                       check: "neutron.networks.list{name = 'no-retry'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect((document["message"] as? String ?? "").contains("sent once"), "\(result.stdout)")
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
        #expect(cloudResources(emulator)["network"] == networksBefore)
    }

    @Test("a reboot whose answer is lost is sent once and says the outcome is unknown")
    func reboot() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(
            emulator, "POST", "/compute/v2.1/servers/{server_id}/action",
            prepare: "local server = nova.create{name = 'r', image = 'cirros', flavor = 'm1.tiny', network = 'public', wait = true}",
            "nova.reboot(server)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers/{server_id}/action") == 1)
    }
}
