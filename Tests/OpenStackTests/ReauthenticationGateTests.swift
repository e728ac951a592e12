import OpenStack
import Testing

@Suite("re-authentication gate")
struct ReauthenticationGateTests {
    @Test("a 401 renews the token, and the call is replayed once with the new one")
    func renewThenReplay() {
        var gate = ReauthenticationGate()
        #expect(gate.handle(.refused) == .renew)
        #expect(gate.state == .renewing)
        #expect(gate.handle(.renewed) == .replay)
        #expect(gate.state == .replayed)
    }

    @Test("a 401 to the fresh token fails the call as unauthorized_after_reauthentication, without another renewal")
    func refusedAgain() {
        var gate = ReauthenticationGate()
        _ = gate.handle(.refused)
        _ = gate.handle(.renewed)
        #expect(gate.handle(.refused) == .fail(.unauthorizedAfterReauthentication))
        #expect(gate.state == .failed(.unauthorizedAfterReauthentication))
        // However often it is asked again, it never replays a second time.
        #expect(gate.handle(.renewed) == .fail(.unauthorizedAfterReauthentication))
        #expect(gate.handle(.refused) == .fail(.unauthorizedAfterReauthentication))
    }

    @Test("a renewal that fails ends the call as authentication, or unreachable when Keystone was not reached",
          arguments: [(OpenStackError.Kind.authentication, OpenStackError.Kind.authentication), (.http, .authentication),
                      (.timeout, .authentication), (.configuration, .authentication), (.unreachable, .unreachable)])
    func renewalFailed(cause: OpenStackError.Kind, expected: OpenStackError.Kind) {
        var gate = ReauthenticationGate()
        _ = gate.handle(.refused)
        #expect(gate.handle(.renewalFailed(cause)) == .fail(expected))
        #expect(gate.state == .failed(expected))
    }

    @Test("events out of order never lead to a replay")
    func outOfOrder() {
        var unasked = ReauthenticationGate()
        #expect(unasked.handle(.renewed) == .fail(.authentication))
        var twice = ReauthenticationGate()
        _ = twice.handle(.refused)
        #expect(twice.handle(.refused) == .fail(.authentication))
    }
}
