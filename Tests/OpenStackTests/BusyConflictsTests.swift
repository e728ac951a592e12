@testable import OpenStack
import Testing
import Transport

/// Which 409s are "busy, try again", read from the bodies the services send (realstack.md and
/// the services' own wording).
@Suite("busy conflicts")
struct BusyConflictsTests {
    func answer(_ body: String, status: Int = 409) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders(), body: Array(body.utf8))
    }

    func neutron(_ type: String) -> HTTPResponse {
        answer(#"{"NeutronError": {"type": "\#(type)", "message": "…", "detail": ""}}"#)
    }

    func nova(_ message: String) -> HTTPResponse {
        answer(#"{"conflictingRequest": {"code": 409, "message": "\#(message)"}}"#)
    }

    @Test("Neutron's in-use refusals of a DELETE, and router conflicts of a PUT, are busy")
    func neutronBusy() {
        for type in ["NetworkInUse", "SubnetInUse", "RouterInUse", "SecurityGroupInUse", "RouterExternalGatewayInUseByFloatingIp"] {
            #expect(BusyConflicts.reason(service: "neutron", method: "DELETE", neutron(type)) == type)
        }
        for type in ["RouterInUse", "RouterInterfaceInUseByFloatingIP", "RouterInterfaceAttachmentConflict"] {
            #expect(BusyConflicts.reason(service: "neutron", method: "PUT", neutron(type)) == type)
        }
    }

    @Test("what already exists or is used up is not busy, nor an in-use type on another method")
    func neutronNotBusy() {
        for type in ["MacAddressInUse", "IpAddressInUse", "IpAddressAlreadyAllocated", "PortInUse", "OverQuota",
                     "SecurityGroupRuleExists", "IpAddressGenerationFailure"] {
            #expect(BusyConflicts.reason(service: "neutron", method: "POST", neutron(type)) == nil, "\(type)")
            #expect(BusyConflicts.reason(service: "neutron", method: "DELETE", neutron(type)) == nil, "\(type)")
        }
        #expect(BusyConflicts.reason(service: "neutron", method: "POST", neutron("NetworkInUse")) == nil)
        #expect(BusyConflicts.reason(service: "nova", method: "DELETE", neutron("NetworkInUse")) == nil)
        #expect(BusyConflicts.reason(service: "neutron", method: "DELETE", answer("<html>409</html>")) == nil)
    }

    @Test("Nova's refusal during another task, or while building, is busy; one no wait changes is not")
    func novaStates() {
        let id = "8f1bd079-9587-4d4c-9c85-442d34a3e182"
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Cannot 'stop' instance \(id) while it is in task_state rebooting"))
            == "task_state rebooting")
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Cannot 'reboot' instance \(id) while it is in vm_state building"))
            == "vm_state building")
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Cannot 'start' instance \(id) while it is in vm_state active")) == nil)
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Cannot 'x' instance \(id) while it is in task_state None")) == nil)
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Key pair 'k' already exists.")) == nil)
        #expect(BusyConflicts.reason(service: "nova", method: "POST", nova("Instance \(id) is locked")) == nil)
        #expect(BusyConflicts.reason(service: "nova", method: "POST", answer(#"{"conflictingRequest": {"code": 409, "message": "Cannot 'stop' instance \#(id) while it is in task_state rebooting"}}"#, status: 400)) == nil)
    }
}
