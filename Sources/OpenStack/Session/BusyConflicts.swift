import JSONValue
import Transport

/// The 409s that mean "busy, try again", as data per service. With these the service refused
/// the request because of something passing, and did nothing, so the request may be sent
/// again after a backoff whatever its method (RetryPolicy's `.busy`). Every other 409 fails at
/// once: a name, address or rule that already exists, a quota that is used up, or an action that
/// the resource's state will never allow.
enum BusyConflicts {
    /// Neutron names its error in `NeutronError.type`: these types, for these methods.
    /// - On DELETE, the in-use refusals pass once what uses the resource is gone: a deleted
    ///   server's ports, which Nova removes after it has answered the server's DELETE, or a
    ///   floating IP or router interface that another task is removing.
    /// - On PUT (a router's add_router_interface and remove_router_interface, or a change of its
    ///   gateway), the router refuses while another change to it or to its floating IPs is
    ///   going on.
    /// Not listed, because waiting does not change them: MacAddressInUse, IpAddressInUse,
    /// IpAddressAlreadyAllocated and PortInUse (someone holds that address or port),
    /// OverQuota, SecurityGroupRuleExists, IpAddressGenerationFailure.
    static let neutron: [String: Set<String>] = [
        "NetworkInUse": ["DELETE"],
        "SubnetInUse": ["DELETE"],
        "SubnetPoolInUse": ["DELETE"],
        "AddressScopeInUse": ["DELETE"],
        "SecurityGroupInUse": ["DELETE"],
        "RouterInUse": ["DELETE", "PUT"],
        "RouterExternalGatewayInUseByFloatingIp": ["DELETE", "PUT"],
        "RouterInterfaceInUseByFloatingIP": ["PUT"],
        "RouterInterfaceAttachmentConflict": ["PUT"],
    ]

    /// Nova refuses an action on a server busy with another one with
    /// `Cannot 'stop' instance <id> while it is in task_state rebooting`, and says `vm_state`
    /// instead when the server's state is the reason. The refused action was not performed.
    /// Busy: any task state (None means none is running, which is not a passing reason), and
    /// the vm states a server leaves by itself. Not busy: `vm_state active` for a start, and
    /// the like, which no wait changes.
    static let novaStates: [String: @Sendable (String) -> Bool] = [
        "task_state": { $0 != "None" },
        "vm_state": { $0 == "building" },
    ]

    /// Why `response` (a 409 from `service`, "neutron" or "nova", to `method`) means busy, for
    /// the retry's log line ("NetworkInUse", "task_state rebooting"); nil when it does not.
    static func reason(service: String, method: String, _ response: HTTPResponse) -> String? {
        guard response.status == 409, let body = try? JSON.decode(response.body) else { return nil }
        switch service {
        case "neutron":
            guard let type = body["NeutronError"]?["type"]?.stringValue, neutron[type]?.contains(method) == true else { return nil }
            return type
        case "nova":
            guard let message = body["conflictingRequest"]?["message"]?.stringValue else { return nil }
            return novaState(in: message)
        default:
            return nil
        }
    }

    /// "task_state rebooting" from Nova's "… while it is in task_state rebooting", when that
    /// state is a busy one.
    private static func novaState(in message: String) -> String? {
        guard let range = message.ranges(of: " while it is in ").last else { return nil }
        let words = message[range.upperBound...].split(separator: " ")
        guard words.count == 2, let busy = novaStates[String(words[0])], busy(String(words[1])) else { return nil }
        return words.joined(separator: " ")
    }
}
