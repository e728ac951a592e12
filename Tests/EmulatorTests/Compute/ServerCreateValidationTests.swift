import Emulator
import Testing

/// `POST /servers` bodies Nova refuses, with the messages realstack's Nova gives.
struct ServerCreateValidationTests {
    @Test func schemaErrors() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let image = try await nova.imageID()
            func message(_ server: EmulatorJSON, version: String = "2.93") async throws -> String {
                let response = try await nova.at(version).post("/servers", ["server": server])
                #expect(response.status == 400, "\(server)")
                return try response.json["badRequest"]?["message"]?.stringValue ?? response.text
            }
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1"])
                == "Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '\(image)', 'flavorRef': '1'}. 'networks' is a required property")
            #expect(try await message(["name": "x"], version: "2.1") == "Invalid input for field/attribute server. Value: {'name': 'x'}. 'flavorRef' is a required property")
            #expect(try await message(["name": "x", "imageRef": "bogus", "flavorRef": "1", "networks": "none"])
                == "Invalid input for field/attribute imageRef. Value: bogus. 'bogus' is not valid under any of the given schemas")
            #expect(try await message(["name": "", "imageRef": .string(image), "flavorRef": "1", "networks": "none"])
                == "Invalid input for field/attribute name. Value: . '' is too short")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "bogus"])
                == "Invalid input for field/attribute networks. Value: bogus. 'bogus' is not valid under any of the given schemas")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "bogus": 1])
                == "Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '\(image)', 'flavorRef': '1', 'networks': 'none', 'bogus': 1}. Additional properties are not allowed ('bogus' was unexpected)")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "tags": ["a"]], version: "2.51")
                .hasSuffix("Additional properties are not allowed ('tags' was unexpected)"))
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "metadata": ["a": 1]])
                == "Invalid input for field/attribute a. Value: 1. 1 is not of type 'string'")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "user_data": "!!notbase64"])
                == "Invalid input for field/attribute user_data. Value: !!notbase64. '!!notbase64' is not a 'base64'")
            #expect(try await message(["name": "x", "flavorRef": "1", "networks": "none"]) == "Missing imageRef attribute")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": [["uuid": "not-a-uuid"]]], version: "2.36")
                == "Bad networks format: network uuid is not in proper format (not-a-uuid)")
            #expect(try await message(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "min_count": 3, "max_count": 2])
                == "min_count must be <= max_count")
        }
    }

    @Test func referencesThatDoNotResolve() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let image = try await nova.imageID()
            func failure(_ server: EmulatorJSON) async throws -> (Int, String) {
                let response = try await nova.post("/servers", ["server": server])
                let message = try response.json.objectValue?.members.first?.value["message"]?.stringValue ?? response.text
                return (response.status, message)
            }
            let zero = "00000000-0000-0000-0000-000000000000"
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "99", "networks": "none"]) == (400, "Flavor 99 could not be found."))
            #expect(try await failure(["name": "x", "imageRef": .string(zero), "flavorRef": "1", "networks": "none"]) == (400, "Can not find requested image"))
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "key_name": "nokey"]) == (400, "Invalid key_name provided."))
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "availability_zone": "zz"])
                == (400, "The requested availability zone is not available"))
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": [["uuid": .string(zero)]]])
                == (400, "Network \(zero) could not be found."))
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": [["port": .string(zero)]]])
                == (400, "Port id \(zero) could not be found."))
            #expect(try await failure(["name": "x", "imageRef": .string(image), "flavorRef": "1", "networks": "none", "security_groups": [["name": "nosuch"]]])
                == (400, "Unable to find security_group with name or id 'nosuch'"))
            #expect(try await failure([
                "name": "x", "flavorRef": "1", "networks": "none",
                "block_device_mapping_v2": [["boot_index": 0, "uuid": .string(zero), "source_type": "volume", "destination_type": "volume"]],
            ]) == (400, "Block Device Mapping is Invalid: failed to get volume \(zero)."))
            #expect(try await cloud.stats()["resources"]?["server"] == 0)
        }
    }

    @Test func acceptsWhatNovaAcceptsAndShowsIt() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            _ = try await nova.post("/os-keypairs", ["keypair": ["name": "mykey", "public_key": .string(KeypairTests.importedKey)]])
            let id = try await nova.createServer("Full Options_1", extra: [
                "key_name": "mykey", "user_data": "aGVsbG8=", "metadata": ["role": "web"], "tags": ["t1"],
                "description": "described", "availability_zone": "nova", "config_drive": true, "OS-DCF:diskConfig": "AUTO",
                "accessIPv4": "192.0.2.7", "adminPass": "chosen",
            ])
            clock.advance(by: 1)
            let server = try await nova.server(id)
            #expect(server["key_name"] == "mykey")
            #expect(server["metadata"] == ["role": "web"])
            #expect(server["tags"] == ["t1"])
            #expect(server["description"] == "described")
            #expect(server["config_drive"] == "True")
            #expect(server["OS-DCF:diskConfig"] == "AUTO")
            #expect(server["accessIPv4"] == "192.0.2.7")
            #expect(server["OS-EXT-SRV-ATTR:hostname"] == "full-options-1")
            let admin = try await NovaClient.login(cloud, version: "2.93")
            #expect(try await admin.server(id)["OS-EXT-SRV-ATTR:user_data"] == "aGVsbG8=")
            // Before 2.19 the description is the name.
            let legacy = try await nova.at("2.1").post("/servers", ["server": ["name": "named", "imageRef": .string(try await nova.imageID()), "flavorRef": "1"]])
            #expect(legacy.status == 202)
            let old = try legacy.json["server"]?["id"]?.stringValue ?? ""
            #expect(try await nova.at("2.19").server(old)["description"] == "named")
        }
    }
}
