import Emulator
import Testing

/// Key pairs carry no marker: the name is unique, so a lost answer is settled by a GET of it.
/// An imported key pair holding our public key is ours; a generated one is of no use without
/// the private key that was in the lost answer, so that stays an error.
@Suite("key pair creates whose answer is lost", .serialized)
struct KeypairCreateTests {
    static let route = "/compute/v2.1/os-keypairs"

    func emulator() async throws -> OpenStackEmulator {
        try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
    }

    /// A public key the emulator accepts: one it generated, its key pair deleted again.
    static let publicKey = """
        local source = nova.keypairs.create{name = 'source'}
        nova.keypairs.delete('source')
        local public_key = source.public_key
        """

    @Test("an imported key pair whose answer is lost is adopted by its name and public key")
    func importedAdopted() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", Self.route, prepare: Self.publicKey,
                                                       "nova.keypairs.create{name = 'k1', public_key = public_key}",
                                                       check: "nova.keypairs.list()", field: "name")
        expectOne(result, document)
        #expect(requestCount(emulator, "compute", "POST", Self.route) == 2, "the key's source and the create, not sent again")
        #expect(result.stderr.contains("adopted the keypair"), "\(result.stderr)")
    }

    @Test("a generated key pair whose answer is lost stays outcome_unknown: its private key is gone")
    func generatedUnknown() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", Self.route, "nova.keypairs.create{name = 'k2'}",
                                                       check: "nova.keypairs.list()", field: "name")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document["kind"] as? String == "outcome_unknown", "\(result.stdout)")
        #expect((document["message"] as? String ?? "").contains("private key"), "\(result.stdout)")
        #expect(document["ids"] as? [String] == ["k2"])
        #expect(requestCount(emulator, "compute", "POST", Self.route) == 1)
    }

    @Test("a generated key pair dropped before it was processed is sent again, with its private key")
    func generatedResent() async throws {
        let emulator = try await emulator()
        defer { Task { await emulator.stop() } }
        let (result, document) = try await runWithDrop(emulator, "POST", Self.route, when: "before", times: 1,
                                                       "(function() local k = nova.keypairs.create{name = 'k3'} assert(k.private_key) return k end)()",
                                                       check: "nova.keypairs.list()", field: "name")
        expectOne(result, document)
        #expect(requestCount(emulator, "compute", "POST", Self.route) == 2)
    }
}
