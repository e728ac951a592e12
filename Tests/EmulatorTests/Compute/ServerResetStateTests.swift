import Emulator
import Testing

/// `os-resetState`, the admin action the ensure-servers recipe's test uses to break a server
/// (Tests/StackrunTests/EnsureServersRecipeTests).
struct ServerResetStateTests {
    @Test func anAdminSetsTheStateAndAbandonsTheTransition() async throws {
        try await ServerActionTests.activeServer { nova, id, clock in
            let refused = try await nova.action(id, ["os-resetState": ["state": "error"]])
            #expect(refused.status == 403)
            #expect(try refused.json["forbidden"]?["message"] == "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.")

            let admin = try await NovaClient.login(nova.cloud, version: "2.93")
            #expect(try await nova.action(id, ["os-stop": nil]).status == 202)
            #expect(try await admin.action(id, ["os-resetState": ["state": "error"]]).status == 202)
            clock.advance(by: 1)
            // The stop under way is abandoned: the server stays as the reset left it.
            #expect(try await ServerActionTests.states(nova, id).prefix(3) == ["ERROR", "error", "-"])

            let bad = try await admin.action(id, ["os-resetState": ["state": "stopped"]])
            #expect(try bad.json["badRequest"]?["message"] == "Invalid input for field/attribute state. Value: stopped. 'stopped' is not one of ['active', 'error']")
            #expect(try await admin.action(id, ["os-resetState": ["state": "active"]]).status == 202)
            #expect(try await ServerActionTests.states(nova, id).prefix(3) == ["ACTIVE", "active", "-"])
        }
    }
}
