import Emulator
import Foundation
import Testing

@Suite("standard recipes: server-group", .serialized)
struct ServerGroupRecipeTests {
    @Test("server-group builds servers with attached volumes, key pair, rules and floating IPs; run again, it sends no change")
    func serverGroup() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let stack = try await StandardRecipe.run("network-stack", ["name=app"], emulator: emulator)
        #expect(stack.status == 0, "\(stack.stderr)")
        let before = cloudResources(emulator)
        let params = ["name=app", "network=app", "count=2", "flavor=m1.tiny", "ingress=tcp:22,tcp:8000-8080@10.0.0.0/8,icmp",
                      "floating_ip=true"]
        let first = try await StandardRecipe.run("server-group", params, emulator: emulator)
        #expect(first.status == 0, "\(first.stderr)")
        let made = StandardRecipe.summary(first)
        let servers = made["servers"] as? [[String: Any]] ?? []
        #expect(servers.map { $0["name"] as? String } == ["app-01", "app-02"])
        #expect(servers.allSatisfy { $0["status"] as? String == "ACTIVE" })
        #expect(servers.allSatisfy { ($0["volume"] as? [String: Any])?["attached"] as? Bool == true })
        #expect(servers.allSatisfy { (($0["floating_ip"] as? [String: Any])?["address"] as? String)?.isEmpty == false })
        #expect((made["security_group"] as? [String: Any])?["rules_added"] as? Int == 3)
        let keypair = made["keypair"] as? [String: Any] ?? [:]
        #expect(keypair["name"] as? String == "app-key" && keypair["created"] as? Bool == true)
        // The generated key's only copy is handed back. Checked outside #expect, which would
        // print the key's value in its message if the check failed.
        let keyReturned = (keypair["private_key"] as? String)?.hasPrefix("-----BEGIN") == true
        #expect(keyReturned)

        let after = cloudResources(emulator)
        // A new security group comes with Neutron's two egress rules beside the recipe's three;
        // each server has a port, and so has each floating IP.
        let expected = ["server": 2, "volume": 2, "volume_attachment": 2, "keypair": 1, "security_group": 1,
                        "security_group_rule": 5, "floatingip": 2, "port": 4]
        for (kind, count) in expected {
            #expect((after[kind] ?? 0) - (before[kind] ?? 0) == count, "\(kind)")
        }

        let sent = emulator.recentRequests().count
        let second = try await StandardRecipe.run("server-group", params, emulator: emulator)
        #expect(second.status == 0, "\(second.stderr)")
        let again = StandardRecipe.summary(second)
        #expect(again["changed"] as? Bool == false)
        let keyReturnedAgain = (again["keypair"] as? [String: Any])?["private_key"] != nil
        #expect(!keyReturnedAgain, "an existing key pair has no private key to give")
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])
        #expect(cloudResources(emulator) == after)
    }

    @Test("without a network, server-group makes one with the network-stack recipe; run again, it sends no change")
    func ownNetworkStack() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let params = ["name=solo", "count=1", "volume_size=0", "public_key=\(Self.publicKey)"]
        let first = try await StandardRecipe.run("server-group", params, emulator: emulator)
        #expect(first.status == 0, "\(first.stderr)")
        let made = StandardRecipe.summary(first)
        let stack = made["network_stack"] as? [String: Any] ?? [:]
        #expect((stack["network"] as? [String: Any])?["name"] as? String == "solo" && stack["interface_added"] as? Bool == true)
        let server = (made["servers"] as? [[String: Any]])?.first ?? [:]
        #expect(server["status"] as? String == "ACTIVE" && server["volume"] == nil)
        #expect((made["keypair"] as? [String: Any])?["created"] as? Bool == true)

        let sent = emulator.recentRequests().count
        let second = try await StandardRecipe.run("server-group", params, emulator: emulator)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(StandardRecipe.summary(second)["changed"] as? Bool == false)
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])
    }

    /// An Ed25519 public key to import: 32 bytes of a hash, no private half exists.
    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHMtbvXwxi42QrcbhNQSmyav97EDMpDmIzt5nxNOuoOD test@stackrun"

    @Test("an ingress rule that is not PROTOCOL[:PORT[-PORT]][@CIDR] fails the run before any server is made")
    func badRule() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        let result = try await StandardRecipe.run("server-group", ["name=x", "network=public", "ingress=tcp:22,tcp:ssh"], emulator: emulator)
        #expect(result.status == 1)
        #expect(result.stderr.contains("ingress rule 'tcp:ssh' is not PROTOCOL"), "\(result.stderr)")
        #expect(cloudResources(emulator)["security_group"] == before["security_group"])
    }
}
