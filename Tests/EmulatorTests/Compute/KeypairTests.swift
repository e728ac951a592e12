import Emulator
import Foundation
import Testing

struct KeypairTests {
    /// An Ed25519 public key made with ssh-keygen, and its MD5 fingerprint (`ssh-keygen -l -E md5`).
    static let importedKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7YpEbmKbZl94jSb0JqZ0F0A7eEG5ht+N1gVc+SX+5u someone@example"
    static let importedFingerprint = "d7:da:23:ed:01:64:51:c1:4e:2b:c8:1d:b9:78:4d:66"

    @Test func generatesAnOpenSSHKeyPairBelow292() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.10")
            let created = try await nova.post("/os-keypairs", ["keypair": ["name": "gen"]])
            #expect(created.status == 201)
            let keypair = try created.json["keypair"]
            #expect(keypair?.keys == ["private_key", "type", "name", "public_key", "fingerprint", "user_id"])
            #expect(keypair?["user_id"] == .string(nova.userID))
            let publicKey = keypair?["public_key"]?.stringValue ?? ""
            let privateKey = keypair?["private_key"]?.stringValue ?? ""
            #expect(publicKey.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
            #expect(publicKey.hasSuffix(" Generated-by-Nova"))
            #expect(privateKey.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
            #expect(privateKey.hasSuffix("\n-----END OPENSSH PRIVATE KEY-----\n"))

            // The private key embeds the same public key, as `ssh-keygen -y` would derive it.
            let body = privateKey.split(separator: "\n").dropFirst().dropLast().joined()
            let decoded = Array(Data(base64Encoded: body) ?? Data())
            let blob = Array(Data(base64Encoded: String(publicKey.split(separator: " ")[1])) ?? Data())
            #expect(decoded.starts(with: Array("openssh-key-v1\0".utf8)))
            #expect(decoded.count > blob.count && Self.contains(decoded, blob))
            #expect(keypair?["fingerprint"]?.stringValue?.count == 47)

            let shown = try await nova.get("/os-keypairs/gen")
            #expect(try shown.json["keypair"]?["public_key"]?.stringValue == publicKey)
            #expect(try shown.json["keypair"]?["private_key"] == nil)
        }
    }

    @Test func responsesByMicroversion() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo")
            let legacy = try await nova.at("2.1").post("/os-keypairs", ["keypair": ["name": "old", "public_key": .string(Self.importedKey)]])
            #expect(legacy.status == 200)
            #expect(try legacy.json["keypair"]?.keys == ["name", "public_key", "fingerprint", "user_id"])
            #expect(try legacy.json["keypair"]?["fingerprint"] == .string(Self.importedFingerprint))
            let typed = try await nova.at("2.1").post("/os-keypairs", ["keypair": ["name": "t", "type": "ssh"]])
            #expect(typed.status == 400)
            #expect(try typed.json["badRequest"]?["message"]?.stringValue?.hasSuffix("Additional properties are not allowed ('type' was unexpected)") == true)

            let show = try await nova.at("2.93").get("/os-keypairs/old")
            #expect(try show.json["keypair"]?.keys == [
                "name", "public_key", "fingerprint", "user_id", "created_at", "deleted", "deleted_at", "id", "updated_at", "type",
            ])
            #expect(try show.json["keypair"]?["id"] == 1)
            let list = try await nova.at("2.2").get("/os-keypairs")
            #expect(try list.json["keypairs"]?.arrayValue?.first?["keypair"]?.keys == ["name", "public_key", "fingerprint", "type"])

            let required = try await nova.at("2.92").post("/os-keypairs", ["keypair": ["name": "new"]])
            #expect(required.status == 400)
            #expect(try required.json["badRequest"]?["message"] == "Invalid input for field/attribute keypair. Value: {'name': 'new'}. 'public_key' is a required property")
            let dotted = try await nova.at("2.92").post("/os-keypairs", ["keypair": ["name": "me@host.x", "public_key": .string(Self.importedKey)]])
            #expect(dotted.status == 201)
            let dottedOld = try await nova.at("2.91").post("/os-keypairs", ["keypair": ["name": "me@host.y"]])
            #expect(try dottedOld.json["badRequest"]?["message"]?.stringValue?.hasPrefix("An invalid 'name' value was provided. The name must be: Only expected characters: [_- 0123456789") == true)

            #expect(try await nova.at("2.1").send("DELETE", "/os-keypairs/old").status == 202)
            #expect(try await nova.at("2.2").send("DELETE", "/os-keypairs/me@host.x").status == 204)
        }
    }

    @Test func errorsAsNovaWordsThem() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            #expect(try await nova.post("/os-keypairs", ["keypair": ["name": "k", "public_key": .string(Self.importedKey)]]).status == 201)
            let duplicate = try await nova.post("/os-keypairs", ["keypair": ["name": "k", "public_key": .string(Self.importedKey)]])
            #expect(duplicate.status == 409)
            #expect(duplicate.text == #"{"conflictingRequest": {"code": 409, "message": "Key pair 'k' already exists."}}"#)
            let missing = try await nova.get("/os-keypairs/nope")
            #expect(missing.status == 404)
            #expect(try missing.json["itemNotFound"]?["message"] == .string("Keypair nope not found for user \(nova.userID)"))
            #expect(try await nova.send("DELETE", "/os-keypairs/nope").status == 404)
            let garbage = try await nova.post("/os-keypairs", ["keypair": ["name": "bad", "public_key": "ssh-rsa not-base64!"]])
            #expect(garbage.status == 400)
            #expect(try garbage.json["badRequest"]?["message"] == "Keypair data is invalid: failed to generate fingerprint")
            let mismatched = try await nova.post("/os-keypairs", ["keypair": ["name": "bad", "public_key": .string(Self.importedKey.replacingOccurrences(of: "ssh-ed25519 ", with: "ssh-rsa "))]])
            #expect(mismatched.status == 400)
            let otherUser = try await nova.post("/os-keypairs", ["keypair": ["name": "x", "user_id": "someone", "public_key": .string(Self.importedKey)]])
            #expect(otherUser.status == 403)
            #expect(try otherUser.json["forbidden"]?["message"] == "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.")
            let noBody = try await nova.post("/os-keypairs", ["pair": [:]])
            #expect(try noBody.json["badRequest"]?["message"] == "'keypair' is a required property")
        }
    }

    @Test func listPaginationAndAdminAccessToOtherUsers() async throws {
        try await TestCloud.run { cloud in
            let demo = try await NovaClient.login(cloud, user: "demo", version: "2.35")
            for name in ["c", "a", "b"] {
                #expect(try await demo.post("/os-keypairs", ["keypair": ["name": .string(name), "public_key": .string(Self.importedKey)]]).status == 201)
            }
            let page = try await demo.get("/os-keypairs?limit=2")
            #expect(try page.json["keypairs"]?.arrayValue?.map { $0["keypair"]?["name"] } == ["a", "b"])
            #expect(try page.json["keypairs_links"] == [["rel": "next", "href": .string(cloud.base + "/compute/v2.1/os-keypairs?limit=2&marker=b")]])
            let rest = try await demo.get("/os-keypairs?limit=2&marker=b")
            #expect(try rest.json["keypairs"]?.arrayValue?.map { $0["keypair"]?["name"] } == ["c"])
            #expect(try rest.json["keypairs_links"] == nil)
            let badMarker = try await demo.get("/os-keypairs?marker=zz")
            #expect(try badMarker.json["badRequest"]?["message"] == "Marker zz could not be found.")
            let old = try await demo.at("2.34").get("/os-keypairs?limit=1")
            #expect(try old.json["keypairs"]?.arrayValue?.count == 3)

            let admin = try await NovaClient.login(cloud, version: "2.10")
            #expect(try await admin.get("/os-keypairs").json["keypairs"] == [])
            let theirs = try await admin.get("/os-keypairs?user_id=\(demo.userID)")
            #expect(try theirs.json["keypairs"]?.arrayValue?.count == 3)
            #expect(try await admin.get("/os-keypairs/a?user_id=\(demo.userID)").status == 200)
            #expect(try await demo.at("2.10").get("/os-keypairs?user_id=\(admin.userID)").status == 403)
        }
    }

    @Test func keyPairQuota() async throws {
        var config = EmulatorConfig()
        config.serviceSections["compute"] = ["quotas": ["key_pairs": 1]]
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            #expect(try await nova.post("/os-keypairs", ["keypair": ["name": "one", "public_key": .string(Self.importedKey)]]).status == 201)
            let over = try await nova.post("/os-keypairs", ["keypair": ["name": "two", "public_key": .string(Self.importedKey)]])
            #expect(over.status == 403)
            #expect(over.text == #"{"forbidden": {"code": 403, "message": "Quota exceeded, too many key pairs."}}"#)
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
