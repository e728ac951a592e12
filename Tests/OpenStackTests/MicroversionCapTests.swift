import JSONValue
import OpenStack
import Testing
import Transport

/// A kind's highest microversion holds from a session's first call: the cap is applied after the
/// endpoint is discovered, not decided before it is known.
@Suite("microversion caps", .exclusive)
struct MicroversionCapTests {
    @Test("creating a key pair as the first compute call of a 2.93 session uses 2.91, and Nova generates the key")
    @LoopActor func keypairCapOnFirstCall() async throws {
        try await withEmulator { emulator in
            var config = emulator.cloudConfig()
            config.apiVersions["compute"] = "2.93"
            let session = Session(config: config)
            // From 2.92 Nova refuses a key pair without a public key: only the cap makes this work.
            let created = try await session.create(Kinds.keypair, ["name": "first-call"])
            #expect(created["private_key"]?.stringValue?.isEmpty == false)
            // Calls that are not capped keep the configured version.
            #expect(try await session.endpoint(.compute).defaultMicroversion?.description == "2.93")
        }
    }
}
