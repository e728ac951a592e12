import Emulator
import Testing

/// A resource table passed where a reference goes carries its id: the call uses it without a
/// GET to find the resource; a name is still looked up.
@Suite("resource tables as references", .serialized)
struct TableReferenceTests {
    @Test("attach_volume and delete given the server and volume tables send no GET of either")
    func tablesNeedNoLookup() async throws {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local server = nova.create{name = "table-ref", image = "cirros", flavor = "m1.tiny", network = "public"}
            local volume = cinder.create{name = "table-ref", size = 1}
            local named = nova.create{name = "by-name", image = "cirros", flavor = "m1.tiny", network = "public"}
            nova.attach_volume(server, volume)
            local deleted = nova.delete(server)
            local missing = nova.delete(server, {ignore_missing = true})
            local ok, e = pcall(nova.delete, {id = "00000000-0000-4000-8000-000000000000", name = "never"})
            return {deleted, missing, ok, e.kind, nova.delete("by-name")}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n  true,\n  false,\n  false,\n  \"not_found\",\n  true\n]\n")
        // One GET by id: the lookup that gives the not-found error after the third delete's 404.
        // The name "by-name" is found by a list.
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1/servers/{server_id}") == 1)
        #expect(requestCount(emulator, "volume", "GET", "/volume/v3/{project_id}/volumes/{volume_id}") == 0)
        #expect(requestCount(emulator, "compute", "DELETE", "/compute/v2.1/servers/{server_id}") == 4)
    }
}
