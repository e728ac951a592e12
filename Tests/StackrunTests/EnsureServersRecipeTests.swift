import Emulator
import Foundation
import Testing

/// The archetypal cron job: run it again and again, and it mends only what broke.
@Suite("standard recipes: ensure-servers", .serialized)
struct EnsureServersRecipeTests {
    static let params = ["pattern=web-%02d", "count=3", "network=web", "flavor=m1.tiny"]

    /// The servers' names and ids, by a script of its own.
    static func servers(_ emulator: OpenStackEmulator) async throws -> [String: String] {
        let script = try temporaryScript("""
            local byName = {}
            for _, s in ipairs(nova.list()) do byName[s.name] = s.id .. " " .. s.status end
            return byName
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: String] ?? [:]
    }

    @Test("makes the missing servers and deletes the extra one; a second run sends no change; a server in ERROR is replaced")
    func ensureServers() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        #expect(try await StandardRecipe.run("network-stack", ["name=web"], emulator: emulator).status == 0)
        // web-05 is beyond the count; web-1 and db-01 are not the pattern's names and stay.
        let setup = try temporaryScript("""
            parallel.map({"web-05", "web-1", "db-01"}, function(name)
              return nova.create{name = name, image = "cirros", flavor = "m1.tiny", network = "web", wait = true}
            end)
            """)
        #expect(try await stackrunDetached(["run", setup], environment: cloudEnvironment(emulator)).status == 0)

        let first = try await StandardRecipe.run("ensure-servers", Self.params, emulator: emulator)
        #expect(first.status == 0, "\(first.stderr)")
        let made = StandardRecipe.summary(first)
        #expect((made["created"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() == ["web-01", "web-02", "web-03"])
        #expect((made["removed"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["web-05"])
        let built = try await Self.servers(emulator)
        #expect(built.keys.sorted() == ["db-01", "web-01", "web-02", "web-03", "web-1"])
        #expect(built.values.allSatisfy { $0.hasSuffix(" ACTIVE") }, "\(built)")

        let sent = emulator.recentRequests().count
        let second = try await StandardRecipe.run("ensure-servers", Self.params, emulator: emulator)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(StandardRecipe.summary(second)["changed"] as? Bool == false)
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])

        // web-02's host dies: an admin's reset-state puts it in ERROR, as Nova would show it.
        let broken = try temporaryScript("""
            local server = nova.get("web-02")
            openstack.request{service = "compute", method = "POST", path = "/servers/" .. server.id .. "/action",
                              body = {["os-resetState"] = {state = "error"}}}
            return nova.get(server.id).status
            """)
        let reset = try await stackrunDetached(["run", broken], environment: cloudEnvironment(emulator))
        #expect(reset.stdout == "\"ERROR\"\n", "\(reset.stderr)")

        let third = try await StandardRecipe.run("ensure-servers", Self.params, emulator: emulator)
        #expect(third.status == 0, "\(third.stderr)")
        let mended = StandardRecipe.summary(third)
        let removed = mended["removed"] as? [[String: Any]] ?? []
        #expect(removed.map { "\($0["name"] ?? "") \($0["reason"] ?? "")" } == ["web-02 error"])
        #expect((mended["created"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["web-02"])
        let after = try await Self.servers(emulator)
        #expect(after.keys.sorted() == built.keys.sorted())
        #expect(after["web-02"] != built["web-02"] && after["web-02"]?.hasSuffix(" ACTIVE") == true, "\(after)")
        #expect(after["web-01"] == built["web-01"] && after["web-03"] == built["web-03"])
    }

    @Test("with only a count (as deploy/ runs it): web-01... on the network Nova picks")
    func defaults() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let result = try await StandardRecipe.run("ensure-servers", ["count=2"], emulator: emulator)
        #expect(result.status == 0, "\(result.stderr)")
        let made = StandardRecipe.summary(result)
        #expect((made["created"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() == ["web-01", "web-02"])
    }

    @Test("a pattern without one %d is refused before anything is listed")
    func badPattern() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let result = try await StandardRecipe.run("ensure-servers", ["pattern=web", "count=1", "network=public"], emulator: emulator)
        #expect(result.status == 1)
        #expect(result.stderr.contains("pattern 'web' must hold one %d"), "\(result.stderr)")
    }
}
