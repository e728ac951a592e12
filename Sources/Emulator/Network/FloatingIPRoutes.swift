/// `/network/v2.0/floatingips`.
enum FloatingIPRoutes {
    static let path = "/network/v2.0/floatingips"

    static let attributes: Set<String> = [
        "id", "tenant_id", "project_id", "floating_ip_address", "floating_network_id", "router_id", "port_id",
        "fixed_ip_address", "status", "description", "port_details", "tags", "created_at", "updated_at", "revision_number",
        "subnet_id",
    ]
    static let creatable: Set<String> = [
        "tenant_id", "project_id", "floating_ip_address", "floating_network_id", "port_id", "fixed_ip_address", "description",
        "subnet_id",
    ]
    static let updatable: Set<String> = ["port_id", "fixed_ip_address", "description"]

    static var routes: [Route] {
        [
            Route(.get, path) { request in
                try request.withNetwork { state, auth in
                    let objects = state.floatingIPs.values.filter { state.owns($0.projectID, auth) }.map { state.render($0) }
                    return try NeutronListing.respond(request, collection: "floatingips", objects: objects, attributes: attributes, layout: .python)
                }
            },
            Route(.post, path) { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "floatingip", known: attributes, writable: creatable, operation: .create)
                return try request.withNetwork { state, auth in
                    try body.require("floating_network_id")
                    if !auth.isAdmin && body.has("floating_ip_address") {
                        throw NeutronError.policy(action: "create_floatingip", attribute: "floating_ip_address")
                    }
                    var fipRequest = FloatingIPRequest(networkID: try body.uuid("floating_network_id") ?? "", projectID: try body.owner(auth))
                    fipRequest.subnetID = try body.uuid("subnet_id")
                    fipRequest.address = try address(body, "floating_ip_address")
                    fipRequest.portID = try body.nullableString("port_id") ?? nil
                    fipRequest.fixedAddress = try address(body, "fixed_ip_address")
                    fipRequest.description = try body.string("description") ?? ""
                    if let portID = fipRequest.portID { _ = try state.visiblePort(portID, auth) }
                    _ = try state.visibleNetwork(fipRequest.networkID, auth)
                    let fip = try state.createFloatingIP(fipRequest)
                    return NeutronResponse.resource("floatingip", state.render(fip), request: request, status: 201, layout: .python)
                }
            },
            Route(.get, path + "/{floatingip_id}") { request in
                try request.withNetwork { state, auth in
                    let fip = try state.visibleFloatingIP(request.parameter("floatingip_id"), auth)
                    return NeutronResponse.resource("floatingip", state.render(fip), request: request, layout: .python)
                }
            },
            Route(.put, path + "/{floatingip_id}") { request in
                let body = try NeutronBody(request.neutronJSON(), resource: "floatingip", known: attributes, writable: updatable, operation: .update)
                return try request.withNetwork { state, auth in
                    let fip = try state.visibleFloatingIP(request.parameter("floatingip_id"), auth)
                    let description = try body.string("description")
                    if let portID = try body.nullableString("port_id") {
                        if let portID {
                            _ = try state.visiblePort(portID, auth)
                            try state.associate(fip.id, portID: portID, fixedAddress: try address(body, "fixed_ip_address"))
                        } else {
                            state.disassociate(fip.id)
                        }
                    } else if description == nil {
                        state.floatingIPs[fip.id]?.standard.touch(state.now)
                    }
                    if let description {
                        state.floatingIPs[fip.id]?.standard.description = description
                        state.floatingIPs[fip.id]?.standard.touch(state.now)
                    }
                    let updated = state.floatingIPs[fip.id] ?? fip
                    return NeutronResponse.resource("floatingip", state.render(updated), request: request, layout: .python)
                }
            },
            Route(.delete, path + "/{floatingip_id}") { request in
                try request.withNetwork { state, auth in
                    let fip = try state.visibleFloatingIP(request.parameter("floatingip_id"), auth)
                    try state.deleteFloatingIP(fip.id)
                    return EmulatorResponse.empty()
                }
            },
        ]
    }

    static func address(_ body: NeutronBody, _ key: String) throws(ServiceError) -> IPAddress? {
        guard let text = try body.nullableString(key) ?? nil else { return nil }
        guard let address = IPAddress.parse(text) else { throw NeutronError.invalidAttribute(key, "'\(text)' is not a valid IP address.") }
        return address
    }
}
