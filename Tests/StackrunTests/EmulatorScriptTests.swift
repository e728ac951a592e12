import Emulator
import Foundation
import Testing

/// The environment that points the stackrun binary at an emulator's seeded admin.
func cloudEnvironment(_ emulator: OpenStackEmulator) -> [String: String] {
    ["OS_AUTH_URL": emulator.authURL, "OS_USERNAME": "admin", "OS_PASSWORD": TestEnvironment.adminPassword, "OS_PROJECT_NAME": "admin",
     "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne", "OS_CLOUD": ""]
}

/// Resources per kind in the emulator, tokens left out (each run signs in anew).
func cloudResources(_ emulator: OpenStackEmulator) -> [String: Int] {
    var counts: [String: Int] = [:]
    for member in emulator.stats()["resources"]?.objectValue?.members ?? [] where member.key != "token" {
        counts[member.key] = member.value.intValue
    }
    return counts
}

@Suite("scripts against the emulator: tokens and examples")
struct EmulatorScriptTests {
    @Test("a token that expires mid-run is renewed once, before it is used, for 100 tasks making calls")
    func tokenExpiresMidScript() async throws {
        var config = EmulatorConfig()
        // 10 s, not less: on a loaded machine the hundred first calls may take seconds, and they
        // must all end before the first token's last quarter, when it is renewed before use.
        config.timings.tokenTTL = 10
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        // Each task makes a call with the first token, sleeps past its expiry, and makes one
        // more: a hundred tasks find it stale together, and one renewal serves them all. (The
        // second token lives 10 s, far longer than the second calls take.)
        let script = try temporaryScript("""
            local tasks = {}
            for i = 1, 100 do tasks[i] = i end
            local counts = parallel.map(tasks, function()
              local first = #glance.images.list()
              sleep(10.2)
              return first + #glance.images.list()
            end)
            return #counts
            """)
        let result = try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "100\n")
        #expect(emulator.stats()["tokens_issued"]?.intValue == 2)
        #expect(requestCount(emulator, "image", "GET", "/image/v2/images") == 200)
        #expect(emulator.stats()["requests"]?["by_status"]?["401"] == nil)
    }

    @Test("a token the cloud stops accepting is replaced once, for every task that was refused")
    func tokenRefusedMidScript() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var plan = FaultPlan()
        plan.earlyTokenExpiry = FaultPlan.EarlyTokenExpiry(rate: 1, afterSeconds: 1)
        emulator.setFaults(plan)
        let script = try temporaryScript("""
            glance.images.list()
            sleep(1.5)
            -- Ten tasks meet the dead token at once; one renewal serves them all.
            local counts = parallel.map({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, function() return #glance.images.list() end)
            return #counts
            """)
        let run = Task { try await stackrunDetached(["run", script], environment: cloudEnvironment(emulator)) }
        // Only the script's first token dies early: once it is issued, the fault goes, so the
        // renewed token lives however slow the machine is.
        let signedIn = try await eventually { emulator.stats()["tokens_issued"]?.intValue ?? 0 >= 1 }
        #expect(signedIn, "the script never signed in")
        emulator.setFaults(FaultPlan())
        let result = try await run.value
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "10\n")
        #expect(emulator.stats()["tokens_issued"]?.intValue == 2)
        // Each task refused is replayed with the one new token. How many meet the dead token
        // depends on how many are sent before the first refusal is answered: all ten on a quiet
        // machine, fewer on a loaded one; never more, and never a second renewal.
        let refused = emulator.stats()["requests"]?["by_status"]?["401"]?.intValue ?? 0
        #expect(refused >= 1 && refused <= 10, "\(refused) refusals")
    }

    @Test("the provisioning example builds the web tier, changes nothing the second time, and teardown removes it")
    func examples() async throws {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.2
        config.timings.deleteSeconds = 0.1
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/examples").standardized
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("sr-example-\(UUID().uuidString.prefix(8))")
        try Data(repeating: 7, count: 200_000).write(to: image)
        defer { try? FileManager.default.removeItem(at: image) }

        let provision = examples.appendingPathComponent("provision.lua").path
        // The image file is outside the example's directory and the working directory: the
        // read grant is on the command line, as the README shows it.
        let first = try await stackrunDetached(["run", "--allow-read=\(image.path)", provision, "t1", image.path], environment: cloudEnvironment(emulator))
        #expect(first.status == 0, "\(first.stderr)")
        let built = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let servers = try #require(built["servers"] as? [[String: Any]])
        #expect(servers.count == 3 && servers.allSatisfy { $0["status"] as? String == "ACTIVE" })
        #expect((built["floating_ip"] as? [String: Any])?["address"] is String)
        #expect((built["keypair"] as? [String: Any])?["created"] as? Bool == true)
        #expect((built["image"] as? [String: Any])?["status"] as? String == "active")

        let after = cloudResources(emulator)
        let sent = emulator.recentRequests().count
        let second = try await stackrunDetached(["run", "--allow-read=\(image.path)", provision, "t1", image.path], environment: cloudEnvironment(emulator))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(cloudResources(emulator) == after, "the second run created nothing")
        // Nor asked to change anything: no gateway set again, no rule refused as a duplicate.
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])

        let teardown = try await stackrunDetached(["run", examples.appendingPathComponent("teardown.lua").path, "t1"], environment: cloudEnvironment(emulator))
        #expect(teardown.status == 0, "\(teardown.stderr)")
        #expect(teardown.stdout.contains("\"network\""))
        #expect(cloudResources(emulator) == before, "everything the example built is gone")
    }
}
