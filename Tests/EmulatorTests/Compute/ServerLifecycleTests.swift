import Emulator
import Testing

struct ServerLifecycleTests {
    @Test func buildGoesThroughSchedulingAndSpawningToActive() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 2)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let created = try await nova.post("/servers", ["server": ["name": "web", "imageRef": .string(try await nova.imageID()), "flavorRef": "1", "networks": "none"]])
            #expect(created.status == 202)
            let id = try created.json["server"]?["id"]?.stringValue ?? ""
            #expect(created.header("location") == cloud.base + "/compute/v2.1/servers/" + id)
            #expect(created.headerSpelling("location") == "location")
            #expect(try created.json["server"]?.keys == ["id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass"])
            #expect(try created.json["server"]?["adminPass"]?.stringValue?.count == 12)

            var server = try await nova.server(id)
            #expect(server["status"] == "BUILD")
            #expect(server["OS-EXT-STS:task_state"] == "scheduling")
            #expect(server["OS-EXT-STS:vm_state"] == "building")
            #expect(server["OS-EXT-STS:power_state"] == 0)
            #expect(server["hostId"] == "")
            #expect(server["OS-SRV-USG:launched_at"] == .null)
            clock.advance(by: 1)
            server = try await nova.server(id)
            #expect(server["OS-EXT-STS:task_state"] == "spawning")
            #expect(server["hostId"]?.stringValue?.count == 56)
            clock.advance(by: 1)
            server = try await nova.server(id)
            #expect(server["status"] == "ACTIVE")
            #expect(server["OS-EXT-STS:task_state"] == .null)
            #expect(server["OS-EXT-STS:vm_state"] == "active")
            #expect(server["OS-EXT-STS:power_state"] == 1)
            #expect(server["OS-SRV-USG:launched_at"]?.stringValue?.hasSuffix(".000000") == true)
            #expect(server["progress"] == 0)
        }
    }

    @Test func faultPlanSendsServersToErrorWithAFault() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 2)
        try await TestCloud.run(config) { cloud in
            let plan = try await cloud.client.send(
                "PUT", "/_emulator/faults", json: ["resource_errors": [["kind": "server", "rate": 1]]])
            #expect(plan.status == 200)
            let demo = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await demo.createServer()
            clock.advance(by: 2)
            let server = try await demo.server(id)
            #expect(server["status"] == "ERROR")
            #expect(server["OS-EXT-STS:vm_state"] == "error")
            #expect(server["fault"]?.keys == ["code", "created", "message"])
            #expect(server["fault"]?["code"] == 500)
            #expect(server["fault"]?["message"] == "No valid host was found. There are not enough hosts available.")
            #expect(server["progress"] == nil)
            #expect(server["hostId"] == "")
            let admin = try await NovaClient.login(cloud, version: "2.93")
            #expect(try await admin.server(id)["fault"]?.keys == ["code", "created", "message", "details"])

            // An ERROR server can be stopped (Nova allows it), not started, and deleted.
            let start = try await demo.action(id, ["os-start": nil])
            #expect(start.status == 409)
            #expect(try start.json["conflictingRequest"]?["message"] == .string("Cannot 'start' instance \(id) while it is in vm_state error"))
            #expect(try await demo.send("DELETE", "/servers/\(id)").status == 204)
        }
    }

    @Test func deletedServersShowAsDeletedThenDisappear() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1, deleteSeconds: 3)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await nova.createServer("doomed", extra: ["metadata": ["a": "b"]])
            clock.advance(by: 1)
            let before = try await nova.get("/servers/detail").json["servers"]?.arrayValue?.first?["updated"]
            clock.advance(by: 5)
            let deleted = try await nova.send("DELETE", "/servers/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            let shown = try await nova.server(id)
            #expect(shown["status"] == "DELETED")
            #expect(shown["OS-EXT-STS:vm_state"] == "deleted")
            #expect(shown["OS-SRV-USG:terminated_at"] != .null)
            #expect(shown["metadata"] == [:])
            #expect(try await nova.send("DELETE", "/servers/\(id)").status == 404)

            clock.advance(by: 3)
            let gone = try await nova.get("/servers/\(id)")
            #expect(gone.status == 404)
            #expect(gone.text == #"{"itemNotFound": {"code": 404, "message": "Instance \#(id) could not be found."}}"#)
            #expect(try await nova.get("/servers").json["servers"] == [])
            // changes-since still reports it, as Nova's soft-deleted rows.
            let since = try await nova.get("/servers/detail?changes-since=2000-01-01T00:00:00Z")
            let listed = try since.json["servers"]?.arrayValue ?? []
            #expect(listed.map { $0["status"] } == ["DELETED"])
            #expect(listed.first?["updated"] != before)
            #expect(try await cloud.stats()["resources"]?["server"] == 0)
        }
    }

    @Test func quotaStopsCreatesWithNovasBody() async throws {
        let (config, _) = ManualCloud.config(compute: ["quotas": ["instances": 2, "cores": 2]])
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            _ = try await nova.createServer("one")
            let image = try await nova.imageID()
            let over = try await nova.post("/servers", ["server": ["name": "big", "imageRef": .string(image), "flavorRef": "4", "networks": "none"]])
            #expect(over.status == 403)
            #expect(over.text == #"{"forbidden": {"code": 403, "message": "Quota exceeded for cores: Requested 4, but already used 1 of 2 cores"}}"#)
            _ = try await nova.createServer("two")
            let third = try await nova.post("/servers", ["server": ["name": "three", "imageRef": .string(image), "flavorRef": "1", "networks": "none"]])
            #expect(try third.json["forbidden"]?["message"] == "Quota exceeded for cores, instances: Requested 1, 1, but already used 2, 2 of 2, 2 cores, instances")
        }
    }

    @Test func multipleCreateNamesServersAndReturnsTheReservation() async throws {
        let (config, _) = ManualCloud.config()
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let response = try await nova.post("/servers", [
                "server": ["name": "batch", "imageRef": .string(try await nova.imageID()), "flavorRef": "1", "networks": "none",
                           "min_count": 2, "max_count": "3", "return_reservation_id": true],
            ])
            #expect(response.status == 202)
            #expect(try response.json.keys == ["reservation_id"])
            let reservation = try response.json["reservation_id"]?.stringValue ?? ""
            let listed = try await nova.get("/servers?reservation_id=\(reservation)&sort_key=display_name&sort_dir=asc")
            #expect(try listed.json["servers"]?.arrayValue?.map { $0["name"] } == ["batch-1", "batch-2", "batch-3"])
        }
    }
}
