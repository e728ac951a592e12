import Emulator
import Foundation
import Testing

/// Runs `call` (a Lua expression: the create) with the answers to `method route` dropped `when`
/// ("after": processed, then the connection closed; "before": closed unprocessed), at most
/// `times` of them, after a warm-up call that leaves kept-alive connections to reuse. `check`
/// (a Lua expression giving a list) is read once the faults are gone. The script's result, as
/// JSON: `ok`, the error's `kind` and `message`, the created resource's `id` field, and that field
/// of each item of the list as `ids` (`field` is "name" for key pairs, whose name is their id).
/// `faults` adds members (Lua) to the fault plan.
func runWithDrop(_ emulator: OpenStackEmulator, _ method: String, _ route: String, when: String = "after", times: Int? = nil,
                 prepare: String = "", faults: String = "", _ call: String, check: String = "{}",
                 field: String = "id") async throws -> (Invocation, [String: Any]) {
    let limit = times.map { ", times = \($0)" } ?? ""
    let script = try temporaryScript("""
        local control = ...
        \(prepare)
        neutron.networks.list() -- every service discovered, connections kept alive
        http.request{method = "PUT", url = control .. "/_emulator/faults",
                     json = {drops = {{method = "\(method)", route = "\(route)", rate = 1.0, when = "\(when)"\(limit)}}\(faults)}}
        local ok, e = pcall(function() return \(call) end)
        http.request{method = "DELETE", url = control .. "/_emulator/faults"}
        local ids = {}
        for _, item in ipairs(\(check)) do ids[#ids + 1] = item.\(field) end
        return {ok = ok, kind = type(e) == "table" and e.kind or tostring(e), message = type(e) == "table" and e.message or nil,
                id = ok and type(e) == "table" and e.\(field) or nil, ids = ids}
        """)
    // http.request reaches the emulator's control API: the net grant shown here.
    let result = try await stackrunDetached(["run", "--allow-net=127.0.0.1", script, emulator.baseURL], environment: cloudEnvironment(emulator))
    let document = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    return (result, document)
}

/// The create succeeded and what the script holds is the only one listed.
func expectOne(_ result: Invocation, _ document: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(document["ok"] as? Bool == true, "\(result.stdout)", sourceLocation: sourceLocation)
    let ids = document["ids"] as? [String] ?? []
    #expect(ids.count == 1 && ids.first == document["id"] as? String, "\(result.stdout)", sourceLocation: sourceLocation)
}

/// Creates whose answer is lost are settled by the marker each carries: adopted when the
/// service made the resource, sent again when it did not. Exactly one resource either way.
@Suite("creates whose answer is lost", .serialized)
struct CreateMarkerTests {
    func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    @Test("a server create processed but unanswered is adopted: one POST, one server, the script has it")
    func serverAdopted() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/compute/v2.1/servers",
                                                       "nova.create{name = 'm1', image = 'cirros', flavor = 'm1.tiny', network = 'public'}",
                                                       check: "nova.list{name = 'm1'}")
        expectOne(result, document)
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers") == 1)
        #expect(cloudResources(emulator)["server"] == 1)
        #expect(result.stderr.contains("adopted the server"), "\(result.stderr)")
        #expect(result.stderr.contains(document["id"] as? String ?? "?"), "the log names the adopted id: \(result.stderr)")
    }

    @Test("a server create dropped before it was processed is sent again: two POSTs, one server")
    func serverResent() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/compute/v2.1/servers", when: "before", times: 1,
                                                       "nova.create{name = 'm2', image = 'cirros', flavor = 'm1.tiny', network = 'public'}",
                                                       check: "nova.list{name = 'm2'}")
        expectOne(result, document)
        #expect(requestCount(emulator, "compute", "POST", "/compute/v2.1/servers") == 2)
        #expect(cloudResources(emulator)["server"] == 1)
    }

    @Test("a network create (description marker) is adopted after a lost answer and resent after a refused one")
    func network() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)["network"] ?? 0
        let (adopted, first) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", "neutron.networks.create{name = 'n1'}",
                                                     check: "neutron.networks.list{name = 'n1'}")
        expectOne(adopted, first)
        let (resent, second) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks", when: "before", times: 1,
                                                     "neutron.networks.create{name = 'n2'}", check: "neutron.networks.list{name = 'n2'}")
        expectOne(resent, second)
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 3)
        #expect(cloudResources(emulator)["network"] == before + 2)
    }

    @Test("a network create with a description of its own carries no marker: a lost answer stays outcome_unknown")
    func networkWithDescription() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks",
                                                       "neutron.networks.create{name = 'n3', description = 'mine'}",
                                                       check: "neutron.networks.list{name = 'n3'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect((document["ids"] as? [String])?.count == 1)
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
    }

    @Test("the look-up after a lost answer is bounded by the call's timeout, and then says the outcome is unknown")
    func lookupWithinDeadline() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/network/v2.0/networks",
                                                       faults: ", latency = {{method = 'GET', route = '/network/v2.0/networks', ms = 3000}}",
                                                       "neutron.networks.create{name = 'n4', timeout = 1}",
                                                       check: "neutron.networks.list{name = 'n4'}")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect((document["message"] as? String ?? "").contains("looking for it by its marker failed too"), "\(result.stdout)")
        #expect((document["ids"] as? [String])?.count == 1, "the create happened once")
        #expect(requestCount(emulator, "network", "POST", "/network/v2.0/networks") == 1)
    }

    @Test("a volume create (metadata marker) whose answer is lost is adopted")
    func volume() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", "/volume/v3/{project_id}/volumes", "cinder.create{name = 'v1', size = 1}",
                                                       check: "cinder.list{name = 'v1'}")
        expectOne(result, document)
        #expect(requestCount(emulator, "volume", "POST", "/volume/v3/{project_id}/volumes") == 1)
        #expect(cloudResources(emulator)["volume"] == 1)
    }

    @Test("an image create (property marker) is adopted after a lost answer and resent after a refused one")
    func image() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)["image"] ?? 0
        let create = "glance.images.create{name = 'i1', disk_format = 'raw', container_format = 'bare'}"
        let (adopted, first) = try await runWithDrop(emulator, "POST", "/image/v2/images", create, check: "glance.images.list{name = 'i1'}")
        expectOne(adopted, first)
        let (resent, second) = try await runWithDrop(emulator, "POST", "/image/v2/images", when: "before", times: 1,
                                                     create.replacing("i1", with: "i2"), check: "glance.images.list{name = 'i2'}")
        expectOne(resent, second)
        #expect(requestCount(emulator, "image", "POST", "/image/v2/images") == 3)
        #expect(cloudResources(emulator)["image"] == before + 2)
    }
}
