import Emulator
import Foundation
import Testing

/// The standard recipes are found by name from the built binary, and each reads as a recipe.
@Suite("standard recipes: network-stack, and the list", .serialized)
struct NetworkStackRecipeTests {
    @Test("recipe list shows the five standard recipes, each readable, found in scripts/recipes")
    func standardRecipesAreListed() async throws {
        let home = "\(TestEnvironment.scratch)/sr-recipes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { removeScratch(home) }
        let result = try stackrun(["recipe", "list"], environment: ["XDG_CONFIG_HOME": home, "STACKRUN_PATH": ""], directory: home)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["cleanup", "ensure-servers", "image-upload", "network-stack", "server-group"] {
            let line = result.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            #expect(line?.contains("1.0.0") == true, "\(name): \(result.stdout)")
            #expect(line?.contains("standard: ") == true && line?.contains("/scripts/recipes/\(name).lua") == true, "\(result.stdout)")
        }
        #expect(!result.stdout.contains("cannot be read"), "\(result.stdout)")
    }

    @Test("network-stack makes a network, subnet and router on the external network; run again, it sends no change")
    func networkStack() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let first = try await StandardRecipe.run("network-stack", ["name=web", "cidr=10.20.0.0/24"], emulator: emulator)
        #expect(first.status == 0, "\(first.stderr)")
        let made = StandardRecipe.summary(first)
        #expect(made["changed"] as? Bool == true)
        #expect((made["subnet"] as? [String: Any])?["cidr"] as? String == "10.20.0.0/24")
        #expect((made["external_network"] as? [String: Any])?["name"] as? String == "public")
        let after = cloudResources(emulator)
        for kind in ["network", "subnet", "router"] {
            #expect((after[kind] ?? 0) - (before[kind] ?? 0) == 1, "\(kind)")
        }

        let check = try temporaryScript("""
            local router = neutron.routers.get("web-router")
            local interfaces = neutron.ports.list{device_id = router.id, device_owner = "network:router_interface"}
            return {gateway = router.external_gateway_info.network_id == neutron.networks.get("public").id,
                    interface = #interfaces == 1 and interfaces[1].fixed_ips[1].subnet_id == neutron.subnets.get("web-subnet").id}
            """)
        let checked = try await stackrunDetached(["run", check], environment: cloudEnvironment(emulator))
        #expect(checked.stdout == "{\n  \"gateway\": true,\n  \"interface\": true\n}\n", "\(checked.stderr)")

        let sent = emulator.recentRequests().count
        let second = try await StandardRecipe.run("network-stack", ["name=web", "cidr=10.20.0.0/24"], emulator: emulator)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(StandardRecipe.summary(second)["changed"] as? Bool == false)
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])
        #expect(cloudResources(emulator) == after)
    }

    @Test("network-stack refuses a subnet of its name with another range, and a network that is not external")
    func networkStackRefusals() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        _ = try await StandardRecipe.run("network-stack", ["name=web"], emulator: emulator)
        let other = try await StandardRecipe.run("network-stack", ["name=web", "cidr=10.30.0.0/24"], emulator: emulator)
        #expect(other.status == 1)
        #expect(other.stderr.contains("subnet 'web-subnet' exists with cidr 10.0.0.0/24"), "\(other.stderr)")
        let notExternal = try await StandardRecipe.run("network-stack", ["name=db", "external_network=web"], emulator: emulator)
        #expect(notExternal.status == 1)
        #expect(notExternal.stderr.contains("network 'web' is not an external network"), "\(notExternal.stderr)")
    }
}
