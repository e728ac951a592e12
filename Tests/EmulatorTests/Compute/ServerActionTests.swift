import Emulator
import Testing

struct ServerActionTests {
    /// A demo server that is ACTIVE, on a cloud whose actions take one second.
    static func activeServer(_ body: (NovaClient, String, ManualClock) async throws -> Void) async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 1, compute: ["action_seconds": 1])
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await nova.createServer()
            clock.advance(by: 1)
            try await body(nova, id, clock)
        }
    }

    static func states(_ nova: NovaClient, _ id: String) async throws -> [String] {
        let server = try await nova.server(id)
        return [
            server["status"]?.stringValue ?? "", server["OS-EXT-STS:vm_state"]?.stringValue ?? "",
            server["OS-EXT-STS:task_state"]?.stringValue ?? "-", String(server["OS-EXT-STS:power_state"]?.intValue ?? -1),
        ]
    }

    @Test func stopAndStartWithTheirTransitionalStates() async throws {
        try await Self.activeServer { nova, id, clock in
            let start = try await nova.action(id, ["os-start": nil])
            #expect(start.status == 409)
            #expect(start.text == #"{"conflictingRequest": {"code": 409, "message": "Cannot 'start' instance \#(id) while it is in vm_state active"}}"#)
            #expect(try await nova.action(id, ["os-stop": nil]).status == 202)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "powering-off", "1"])
            let again = try await nova.action(id, ["os-stop": nil])
            #expect(try again.json["conflictingRequest"]?["message"] == .string("Cannot 'stop' instance \(id) while it is in task_state powering-off"))
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["SHUTOFF", "stopped", "-", "4"])
            let soft = try await nova.action(id, ["reboot": ["type": "SOFT"]])
            #expect(try soft.json["conflictingRequest"]?["message"] == .string("Cannot 'reboot' instance \(id) while it is in vm_state stopped"))
            #expect(try await nova.action(id, ["os-start": nil]).status == 202)
            #expect(try await Self.states(nova, id) == ["SHUTOFF", "stopped", "powering-on", "4"])
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "-", "1"])
        }
    }

    @Test func softAndHardReboot() async throws {
        try await Self.activeServer { nova, id, clock in
            #expect(try await nova.action(id, ["reboot": ["type": "soft"]]).status == 202)
            #expect(try await Self.states(nova, id) == ["REBOOT", "active", "rebooting", "1"])
            let busy = try await nova.action(id, ["reboot": ["type": "SOFT"]])
            #expect(try busy.json["conflictingRequest"]?["message"] == .string("Cannot 'reboot' instance \(id) while it is in task_state rebooting"))
            // A hard reboot may take over a soft one.
            #expect(try await nova.action(id, ["reboot": ["type": "HARD"]]).status == 202)
            #expect(try await Self.states(nova, id) == ["HARD_REBOOT", "active", "rebooting_hard", "1"])
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "-", "1"])

            // From SHUTOFF only a hard reboot is allowed, and it starts the server.
            _ = try await nova.action(id, ["os-stop": nil])
            clock.advance(by: 1)
            #expect(try await nova.action(id, ["reboot": ["type": "Hard"]]).status == 202)
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "-", "1"])

            let bad = try await nova.action(id, ["reboot": ["type": "BAD"]])
            #expect(try bad.json["badRequest"]?["message"] == "Invalid input for field/attribute type. Value: BAD. 'BAD' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']")
            let missing = try await nova.action(id, ["reboot": [:]])
            #expect(try missing.json["badRequest"]?["message"] == "Invalid input for field/attribute reboot. Value: {}. 'type' is a required property")
        }
    }

    @Test func resizeConfirmAndRevert() async throws {
        try await Self.activeServer { nova, id, clock in
            for action in ["confirmResize", "revertResize"] {
                let early = try await nova.action(id, [action: nil])
                #expect(early.status == 409)
                #expect(try early.json["conflictingRequest"]?["message"] == .string("Cannot '\(action)' instance \(id) while it is in vm_state active"))
            }
            let same = try await nova.action(id, ["resize": ["flavorRef": "1"]])
            #expect(try same.json["badRequest"]?["message"] == "When resizing, instances must change flavor!")
            let unknown = try await nova.action(id, ["resize": ["flavorRef": "99"]])
            #expect(try unknown.json["badRequest"]?["message"] == "Flavor 99 could not be found.")

            #expect(try await nova.action(id, ["resize": ["flavorRef": 2]]).status == 202)
            #expect(try await Self.states(nova, id) == ["RESIZE", "active", "resize_prep", "1"])
            let stop = try await nova.action(id, ["os-stop": nil])
            #expect(try stop.json["conflictingRequest"]?["message"] == .string("Cannot 'stop' instance \(id) while it is in task_state resize_prep"))
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["VERIFY_RESIZE", "resized", "-", "1"])
            #expect(try await nova.server(id)["flavor"]?["original_name"] == "m1.small")
            #expect(try await nova.get("/limits").json["limits"]?["absolute"]?["totalRAMUsed"] == 2048)

            #expect(try await nova.action(id, ["revertResize": nil]).status == 202)
            #expect(try await Self.states(nova, id) == ["REVERT_RESIZE", "resized", "resize_reverting", "1"])
            clock.advance(by: 1)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "-", "1"])
            #expect(try await nova.server(id)["flavor"]?["original_name"] == "m1.tiny")

            _ = try await nova.action(id, ["resize": ["flavorRef": "3"]])
            clock.advance(by: 1)
            let confirmed = try await nova.action(id, ["confirmResize": nil])
            #expect(confirmed.status == 204)
            #expect(try await Self.states(nova, id) == ["ACTIVE", "active", "-", "1"])
            #expect(try await nova.server(id)["flavor"]?["original_name"] == "m1.medium")
        }
    }

    @Test func actionErrors() async throws {
        try await Self.activeServer { nova, id, _ in
            let unknown = try await nova.action(id, ["bogus": nil])
            #expect(unknown.text == #"{"badRequest": {"code": 400, "message": "There is no such action: bogus"}}"#)
            let two = try await nova.action(id, ["os-stop": nil, "os-start": nil])
            #expect(try two.json["badRequest"]?["message"] == "Malformed request body")
            let missing = try await nova.action("00000000-0000-0000-0000-000000000000", ["os-stop": nil])
            #expect(missing.status == 404)
            #expect(try missing.json["itemNotFound"]?["message"] == "Instance 00000000-0000-0000-0000-000000000000 could not be found.")
            let admin = try await NovaClient.login(nova.cloud, version: "2.93")
            #expect(try await admin.action(id, ["os-stop": nil]).status == 202)
            let other = try await NovaClient.login(nova.cloud, user: "demo")
            #expect(try await other.action(id, ["reboot": ["type": "HARD"]]).status == 409)
        }
    }

    @Test func consoleOutput() async throws {
        let (config, clock) = ManualCloud.config(buildSeconds: 2)
        try await TestCloud.run(config) { cloud in
            let nova = try await NovaClient.login(cloud, user: "demo", version: "2.93")
            let id = try await nova.createServer("console-vm")
            let early = try await nova.action(id, ["os-getConsoleOutput": [:]])
            #expect(early.status == 409)
            #expect(try early.json["conflictingRequest"]?["message"] == .string("Instance \(id) is not ready"))
            clock.advance(by: 2)
            let full = try await nova.action(id, ["os-getConsoleOutput": [:]])
            #expect(full.status == 200)
            let text = try full.json["output"]?.stringValue ?? ""
            #expect(text.contains("console-vm login: "))
            #expect(text.hasPrefix("[    0.000000] Linux version"))
            let lines = text.components(separatedBy: "\n")
            let tail = try await nova.action(id, ["os-getConsoleOutput": ["length": 2]])
            #expect(try tail.json["output"]?.stringValue == lines.suffix(2).joined(separator: "\n"))
            let asText = try await nova.action(id, ["os-getConsoleOutput": ["length": "3"]])
            #expect(try asText.json["output"]?.stringValue == lines.suffix(3).joined(separator: "\n"))
            // Nova slices with Python: -1 drops the first line.
            let minusOne = try await nova.action(id, ["os-getConsoleOutput": ["length": -1]])
            #expect(try minusOne.json["output"]?.stringValue == lines.dropFirst().joined(separator: "\n"))
            let tooSmall = try await nova.action(id, ["os-getConsoleOutput": ["length": -2]])
            #expect(try tooSmall.json["badRequest"]?["message"] == "Invalid input for field/attribute length. Value: -2. -2 is less than the minimum of -1")
            let word = try await nova.action(id, ["os-getConsoleOutput": ["length": "x"]])
            #expect(try word.json["badRequest"]?["message"] == "Invalid input for field/attribute length. Value: x. 'x' does not match '^-?[0-9]+$'")
            let null = try await nova.action(id, ["os-getConsoleOutput": nil])
            #expect(try null.json["badRequest"]?["message"] == "Invalid input for field/attribute os-getConsoleOutput. Value: None. None is not of type 'object'")
        }
    }
}
