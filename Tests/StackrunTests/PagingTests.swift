import Emulator
import Foundation
import Testing

/// Lists longer than the emulator's page size (its `max_limit`), through the binary: every item
/// comes back across pages, and `limit = N` stops at N.
@Suite("lists across pages")
struct PagingTests {
    /// Five of each, on an emulator whose lists answer two at a time.
    private static let script = """
        for i = 1, 5 do neutron.networks.create{name = "net-" .. i} end
        neutron.subnets.create{network = "net-1", cidr = "10.30.0.0/24", ip_version = 4}
        for i = 1, 5 do
          cinder.create{name = "vol-" .. i, size = 1}
          nova.create{name = "srv-" .. i, image = "cirros", flavor = "m1.tiny", network = "net-1"}
        end
        local function names(list)
          local seen = {}
          for _, item in ipairs(list) do seen[#seen + 1] = item.name end
          table.sort(seen)
          return table.concat(seen, ",")
        end
        return {
          servers = names(nova.list()), volumes = names(cinder.list()), networks = names(neutron.networks.list()),
          limited = {#nova.list{limit = 3}, #cinder.list{limit = 3}, #neutron.networks.list{limit = 3}},
        }
        """

    @Test("nova.list, cinder.list and neutron.networks.list follow next links; limit stops at N")
    func everyItemAcrossPages() async throws {
        var config = EmulatorConfig()
        config.pageSize = 2
        config.timings.buildSeconds = 0.1
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let result = try await stackrunDetached(["run", try temporaryScript(Self.script)], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        let value = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(value["servers"] as? String == "srv-1,srv-2,srv-3,srv-4,srv-5")
        #expect(value["volumes"] as? String == "vol-1,vol-2,vol-3,vol-4,vol-5")
        #expect(value["networks"] as? String == "net-1,net-2,net-3,net-4,net-5,public")
        #expect(value["limited"] as? [Int] == [3, 3, 3])
        // Each full list took several requests: three pages (or more) of two, never one of five.
        let routes = emulator.stats()["requests"]?["by_route"]
        #expect((routes?["compute"]?["GET /compute/v2.1/servers/detail"]?.intValue ?? 0) >= 3)
        #expect((routes?["network"]?["GET /network/v2.0/networks"]?.intValue ?? 0) >= 4)
    }

    @Test("four seeded flavors come back two at a time, with a next link")
    func theEmulatorPagesOnItsOwn() async throws {
        var config = EmulatorConfig()
        config.pageSize = 2
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            local flavors = openstack.request{service = "compute", method = "GET", path = "/flavors/detail"}
            return {count = #flavors.json.flavors, rel = flavors.json.flavors_links[1].rel}
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"count\": 2"), "\(result.stdout)")
        #expect(result.stdout.contains("\"rel\": \"next\""), "\(result.stdout)")
    }
}
