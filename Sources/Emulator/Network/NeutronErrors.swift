/// Neutron's errors, worded and typed as Neutron (Zed) words them. The dispatcher renders them as
/// `{"NeutronError": {"type": kind, "message": message, "detail": ""}}`.
enum NeutronError {
    static func networkNotFound(_ id: String) -> ServiceError {
        .notFound("Network \(id) could not be found.", kind: "NetworkNotFound")
    }

    static func subnetNotFound(_ id: String) -> ServiceError {
        .notFound("Subnet \(id) could not be found.", kind: "SubnetNotFound")
    }

    static func portNotFound(_ id: String) -> ServiceError {
        .notFound("Port \(id) could not be found.", kind: "PortNotFound")
    }

    /// Neutron writes this one, and the floating IP's, without a final period.
    static func routerNotFound(_ id: String) -> ServiceError {
        .notFound("Router \(id) could not be found", kind: "RouterNotFound")
    }

    static func floatingIPNotFound(_ id: String) -> ServiceError {
        .notFound("Floating IP \(id) could not be found", kind: "FloatingIPNotFound")
    }

    static func securityGroupNotFound(_ id: String) -> ServiceError {
        .notFound("Security group \(id) does not exist", kind: "SecurityGroupNotFound")
    }

    static func securityGroupRuleNotFound(_ id: String) -> ServiceError {
        .notFound("Security group rule \(id) does not exist", kind: "SecurityGroupRuleNotFound")
    }

    /// `InvalidInput`: "Invalid input for operation: …".
    static func invalidInput(_ detail: String) -> ServiceError {
        .badRequest("Invalid input for operation: \(detail)", kind: "InvalidInput")
    }

    /// An attribute that fails its validator: "Invalid input for name. Reason: …".
    static func invalidAttribute(_ name: String, _ reason: String) -> ServiceError {
        .badRequest("Invalid input for \(name). Reason: \(reason)", kind: "HTTPBadRequest")
    }

    /// `BadRequest` raised by a plugin: "Bad router request: …".
    static func badRequest(_ resource: String, _ detail: String) -> ServiceError {
        .badRequest("Bad \(resource) request: \(detail)", kind: "BadRequest")
    }

    static func missingAttribute(_ name: String) -> ServiceError {
        .badRequest("Failed to parse request. Required attribute '\(name)' not specified", kind: "HTTPBadRequest")
    }

    static func unrecognized(_ names: [String]) -> ServiceError {
        .badRequest("Unrecognized attribute(s) '\(names.joined(separator: ", "))'", kind: "HTTPBadRequest")
    }

    static func readOnly(_ name: String) -> ServiceError {
        .badRequest("Cannot update read-only attribute \(name)", kind: "HTTPBadRequest")
    }

    static func missingBody(_ resource: String) -> ServiceError {
        .badRequest("Unable to find '\(resource)' in request body", kind: "HTTPBadRequest")
    }

    static let otherProject = ServiceError.badRequest(
        "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges",
        kind: "HTTPBadRequest")

    /// oslo.policy's refusal; `rule` is the check as Neutron prints it.
    static func policy(_ rule: String) -> ServiceError {
        .forbidden("\(rule) is disallowed by policy", kind: "PolicyNotAuthorized")
    }

    /// The refusal for an attribute only admins may set on create or update.
    static func policy(action: String, attribute: String) -> ServiceError {
        policy("(rule:\(action) and rule:\(action):\(attribute))")
    }

    static func overQuota(_ resource: String) -> ServiceError {
        .conflict("Quota exceeded for resources: ['\(resource)'].", kind: "OverQuota")
    }

    static func tenantNotAllowed(_ projectID: String, _ what: String) -> ServiceError {
        .forbidden("Tenant \(projectID) not allowed to create \(what) on this network", kind: "HTTPForbidden")
    }

    static func noMoreAddresses(_ networkID: String) -> ServiceError {
        .conflict("No more IP addresses available on network \(networkID).", kind: "IpAddressGenerationFailure")
    }

    static func addressInUse(_ address: IPAddress, subnetID: String) -> ServiceError {
        .conflict("IP address \(address) already allocated in subnet \(subnetID)", kind: "IpAddressAlreadyAllocated")
    }
}
