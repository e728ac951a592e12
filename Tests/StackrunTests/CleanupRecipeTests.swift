import Emulator
import Foundation
import Testing

/// The cleanup recipe against a cloud that holds resources ten days old (made while the
/// emulator's clock was set back) beside new ones, some tagged.
@Suite("standard recipes: cleanup", .serialized)
struct CleanupRecipeTests {
    static let oldResources = """
        local net = neutron.networks.create{name = "old-net"}
        local subnet = neutron.subnets.create{name = "old-subnet", network = net, cidr = "10.50.0.0/24", ip_version = 4}
        local router = neutron.routers.create{name = "old-router", external_gateway_info = {network_id = neutron.networks.get("public").id}}
        neutron.routers.add_interface(router, subnet)
        neutron.ports.create{name = "old-port", network = net}
        neutron.security_groups.create{name = "old-sg"}
        neutron.floating_ips.create{network = "public"}
        local server = nova.create{name = "old-vm", image = "cirros", flavor = "m1.tiny", network = net, wait = true}
        local volume = cinder.create{name = "old-data", size = 1, wait = true}
        nova.attach_volume(server, volume, {wait = true})
        """

    static let newResources = """
        local net = neutron.networks.create{name = "new-net"}
        neutron.subnets.create{name = "new-subnet", network = net, cidr = "10.60.0.0/24", ip_version = 4}
        neutron.networks.add_tag(net, "ci")
        neutron.security_groups.create{name = "new-sg"}
        local tagged = nova.create{name = "new-vm", image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
        nova.add_tag(tagged, "ci")
        local kept = nova.create{name = "keep-vm", image = "cirros", flavor = "m1.tiny", network = "public", wait = true}
        local volume = cinder.create{name = "new-data", size = 1, metadata = {tag = "ci"}, wait = true}
        nova.attach_volume(kept, volume, {wait = true})
        """

    /// Every name (or floating address) per kind, as the project holds them now.
    static let inventory = """
        local function names(list, field)
          local out = {}
          for _, r in ipairs(list) do out[#out + 1] = r[field or "name"] end
          table.sort(out)
          return json.array(out)
        end
        return {servers = names(nova.list()), volumes = names(cinder.list()), networks = names(neutron.networks.list()),
                routers = names(neutron.routers.list()), security_groups = names(neutron.security_groups.list{project_id = keystone.auth().project_id}),
                ports = names(neutron.ports.list{device_owner = ""}), floating_ips = #neutron.floating_ips.list(),
                images = names(glance.images.list())}
        """

    static func script(_ source: String, _ emulator: OpenStackEmulator) async throws -> [String: Any] {
        let result = try await stackrunDetached(["run", try temporaryScript(source)], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        return StandardRecipe.summary(result)
    }

    static func deleted(_ summary: [String: Any], _ kind: String) -> [String] {
        ((summary["deleted"] as? [String: Any])?[kind] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
    }

    @Test("by age: a dry run lists and sends no change; then the old ones go in a safe order, new and shared ones stay; then by tag")
    func byAgeThenByTag() async throws {
        let clock = OffsetClock(offset: -10 * 86_400)
        let emulator = try await StandardRecipe.emulator(clock: clock)
        defer { Task { await emulator.stop() } }
        _ = try await Self.script(Self.oldResources, emulator)
        clock.set(offset: 0)
        _ = try await Self.script(Self.newResources, emulator)
        let before = try await Self.script(Self.inventory, emulator)

        let sent = emulator.recentRequests().count
        let dry = try await StandardRecipe.run("cleanup", ["older_than=7d", "dry_run=true"], emulator: emulator)
        #expect(dry.status == 0, "\(dry.stderr)")
        let listed = StandardRecipe.summary(dry)
        #expect(Self.deleted(listed, "servers") == ["old-vm"])
        #expect(Self.deleted(listed, "networks") == ["old-net"])
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])
        #expect(NSDictionary(dictionary: try await Self.script(Self.inventory, emulator)) == NSDictionary(dictionary: before))

        let aged = try await StandardRecipe.run("cleanup", ["older_than=7d"], emulator: emulator)
        #expect(aged.status == 0, "\(aged.stderr)")
        let gone = StandardRecipe.summary(aged)
        #expect((gone["failed"] as? [Any])?.isEmpty == true, "\(aged.stdout)")
        #expect(Self.deleted(gone, "servers") == ["old-vm"])
        #expect(Self.deleted(gone, "volumes") == ["old-data"])
        #expect(Self.deleted(gone, "routers") == ["old-router"])
        #expect(Self.deleted(gone, "networks") == ["old-net"])
        #expect(Self.deleted(gone, "security_groups") == ["old-sg"])
        #expect(Self.deleted(gone, "ports") == ["old-port"])
        #expect(((gone["deleted"] as? [String: Any])?["floating_ips"] as? [Any])?.count == 1)
        let left = try await Self.script(Self.inventory, emulator)
        #expect(left["servers"] as? [String] == ["keep-vm", "new-vm"])
        #expect(left["volumes"] as? [String] == ["new-data"])
        #expect(left["networks"] as? [String] == ["new-net", "public"], "the external network, seeded ten days ago, stays")
        #expect(left["security_groups"] as? [String] == ["default", "new-sg"])
        #expect(left["routers"] as? [String] == [] && left["ports"] as? [String] == [] && left["floating_ips"] as? Int == 0)
        #expect(left["images"] as? [String] == ["cirros"], "images only when asked for")

        let tagged = try await StandardRecipe.run("cleanup", ["tag=ci"], emulator: emulator)
        #expect(tagged.status == 0, "\(tagged.stderr)")
        let byTag = StandardRecipe.summary(tagged)
        #expect(Self.deleted(byTag, "servers") == ["new-vm"])
        #expect(Self.deleted(byTag, "volumes") == ["new-data"], "detached from keep-vm, then deleted")
        #expect(Self.deleted(byTag, "networks") == ["new-net"])
        let last = try await Self.script(Self.inventory, emulator)
        #expect(last["servers"] as? [String] == ["keep-vm"])
        #expect(last["volumes"] as? [String] == [])
        #expect(last["security_groups"] as? [String] == ["default", "new-sg"])
    }

    @Test("cleanup without a tag or an age refuses to run")
    func needsAFilter() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let result = try await StandardRecipe.run("cleanup", ["dry_run=true"], emulator: emulator)
        #expect(result.status == 1)
        #expect(result.stderr.contains("give tag, older_than or both"), "\(result.stderr)")
    }
}
