import Foundation
import Emulator
import Testing

struct FlavorTests {
    @Test func seededFlavorsAsRealstackShowsThem() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo")
            let list = try await nova.get("/flavors")
            #expect(list.status == 200)
            let flavors = try list.json["flavors"]?.arrayValue ?? []
            #expect(flavors.map { $0["name"]?.stringValue ?? "" } == ["m1.tiny", "m1.small", "m1.medium", "m1.large"])
            #expect(flavors.first?.keys == ["id", "name", "links"])
            #expect(flavors.first?["links"] == [
                ["rel": "self", "href": .string(cloud.base + "/compute/v2.1/flavors/1")],
                ["rel": "bookmark", "href": .string(cloud.base + "/compute/flavors/1")],
            ])
            #expect(try list.json["flavors_links"] == nil)

            let tiny = try await nova.get("/flavors/1")
            #expect(try tiny.json["flavor"]?.keys == [
                "id", "name", "ram", "disk", "swap", "OS-FLV-EXT-DATA:ephemeral", "OS-FLV-DISABLED:disabled", "vcpus",
                "os-flavor-access:is_public", "rxtx_factor", "links",
            ])
            #expect(try tiny.json["flavor"]?["swap"] == "")
            #expect(try tiny.json["flavor"]?["rxtx_factor"] == 1.0)
            #expect(tiny.text.contains(#""rxtx_factor": 1.0"#))
            let large = try await nova.get("/flavors/4")
            #expect(try large.json["flavor"]?["ram"] == 8192)
            #expect(try large.json["flavor"]?["vcpus"] == 4)
            #expect(try large.json["flavor"]?["disk"] == 80)
        }
    }

    @Test func microversionsAddDescriptionExtraSpecsAndNumericSwap() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud)
            let at255 = try await nova.at("2.55").get("/flavors")
            #expect(try at255.json["flavors"]?.arrayValue?.first?.keys == ["id", "name", "links", "description"])
            let at261 = try await nova.at("2.61").get("/flavors/2")
            #expect(try at261.json["flavor"]?["extra_specs"] == [:])
            #expect(try at261.json["flavor"]?["swap"] == "")
            let at275 = try await nova.at("2.75").get("/flavors/detail")
            #expect(try at275.json["flavors"]?.arrayValue?.first?["swap"] == 0)
            #expect(at275.header("OpenStack-API-Version") == "compute 2.75")
        }
    }

    @Test func paginationFiltersAndErrors() async throws {
        try await TestCloud.run { cloud in
            let nova = try await NovaClient.login(cloud)
            let first = try await nova.get("/flavors/detail?limit=1")
            #expect(try first.json["flavors"]?.arrayValue?.count == 1)
            #expect(try first.json["flavors_links"] == [["rel": "next", "href": .string(cloud.base + "/compute/v2.1/flavors/detail?limit=1&marker=1")]])
            let next = try await nova.get("/flavors?limit=2&marker=1")
            #expect(try next.json["flavors"]?.arrayValue?.map { $0["id"] } == ["2", "3"])
            let big = try await nova.get("/flavors?minRam=4096&minDisk=50")
            #expect(try big.json["flavors"]?.arrayValue?.map { $0["name"] } == ["m1.large"])
            let byName = try await nova.get("/flavors?sort_key=name&sort_dir=desc")
            #expect(try byName.json["flavors"]?.arrayValue?.map { $0["name"] } == ["m1.tiny", "m1.small", "m1.medium", "m1.large"])

            let missing = try await nova.get("/flavors/99")
            #expect(missing.status == 404)
            #expect(missing.text == #"{"itemNotFound": {"code": 404, "message": "Flavor 99 could not be found."}}"#)
            #expect(missing.header("Content-Type") == "application/json; charset=UTF-8")
            let marker = try await nova.get("/flavors?marker=zz")
            #expect(marker.status == 400)
            #expect(try marker.json["badRequest"]?["message"] == "marker [zz] not found")
            let limit = try await nova.get("/flavors?limit=x")
            #expect(try limit.json["badRequest"]?["message"] == "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'")
            let minRam = try await nova.get("/flavors?minRam=lots")
            #expect(try minRam.json["badRequest"]?["message"] == "Invalid minRam filter [lots]")
            let strict = try await nova.at("2.75").get("/flavors?bogus=1")
            #expect(try strict.json["badRequest"]?["message"] == "Additional properties are not allowed ('bogus' was unexpected)")
            #expect(try await nova.at("2.74").get("/flavors?bogus=1").status == 200)
        }
    }

    @Test func configFileReplacesTheSeededFlavors() async throws {
        var config = EmulatorConfig()
        config.serviceSections["compute"] = [
            "flavors": [
                ["id": "c1", "name": "custom", "ram": 1024, "disk": 5, "vcpus": 2, "description": "mine", "extra_specs": ["hw:cpu_policy": "dedicated"]],
                ["name": "hidden", "ram": 256, "vcpus": 1, "is_public": false],
            ]
        ]
        try await TestCloud.run(config) { cloud in
            let demo = try await NovaClient.login(cloud, user: "demo", version: "2.61")
            let listed = try await demo.get("/flavors/detail")
            #expect(try listed.json["flavors"]?.arrayValue?.map { $0["name"] } == ["custom"])
            #expect(try listed.json["flavors"]?.arrayValue?.first?["extra_specs"] == ["hw:cpu_policy": "dedicated"])
            #expect(try listed.json["flavors"]?.arrayValue?.first?["description"] == "mine")
            let admin = try await NovaClient.login(cloud)
            let all = try await admin.get("/flavors?is_public=none")
            #expect(try all.json["flavors"]?.arrayValue?.map { $0["id"] } == ["c1", "hidden"])
            #expect(try await admin.get("/flavors?is_public=maybe").status == 400)
        }
    }

    @Test func badComputeSectionStopsTheStart() async throws {
        var config = EmulatorConfig()
        config.serviceSections["compute"] = ["flavors": [["name": "x", "vcpus": 1]]]
        await #expect(throws: EmulatorConfigError.self) {
            try await TestCloud.run(config) { _ in }
        }
        config.serviceSections["compute"] = ["action_secs": 1]
        await #expect(throws: EmulatorConfigError.self) {
            try await TestCloud.run(config) { _ in }
        }
    }
}

struct ComputeConfigFileTests {
    @Test func executableRejectsABadComputeSectionWithExit78() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("compute-\(UUID().uuidString).json")
        try #"{"compute": {"flavors": [{"name": "x", "vcpus": 1}]}}"#.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let child = try EmulatorProcess(["--port", "0", "--config", path.path])
        defer { child.kill() }
        #expect(try await child.waitForExit(timeout: .seconds(10)) == 78)
        #expect(child.stderrText.contains("compute.flavors[0].ram: is required"))
    }
}
