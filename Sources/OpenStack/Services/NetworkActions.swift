public import JSONValue

extension Session {
    /// PUT /routers/{id}/add_router_interface with `{subnet_id}` or `{port_id}`.
    public func routerInterface(_ router: String, add: Bool, _ body: JSONObject) async throws(OpenStackError) -> JSON {
        let action = add ? "add_router_interface" : "remove_router_interface"
        return try await sendJSON(ServiceRequest(.network, "PUT", Kinds.router.item(router, parent: nil) + "/" + action,
                                                 body: .json(.object(body))))
    }

    /// Sets (or with nil, clears) the router's gateway to an external network.
    public func setGateway(_ router: String, network: String?) async throws(OpenStackError) -> JSON {
        let info: JSON = network.map { ["network_id": JSON($0)] } ?? [:]
        return try await update(Kinds.router, router, ["external_gateway_info": info])
    }

    /// Points a floating IP at a port (nil: disassociates it).
    public func associateFloatingIP(_ id: String, port: String?, fixedIP: String? = nil) async throws(OpenStackError) -> JSON {
        var changes: JSONObject = ["port_id": port.map { JSON($0) } ?? .null]
        if let fixedIP { changes["fixed_ip_address"] = JSON(fixedIP) }
        return try await update(Kinds.floatingIP, id, changes)
    }
}
