import JSONValue

/// Operations that are not safe to repeat, settled after a lost answer as creates are
/// (Session+Settle): attaching a volume (Nova records the attachment before it answers) and
/// adding a router interface (Neutron makes the port before it answers). Their effect shows as
/// soon as the service acted, and what they answer can be read back, so a look tells whether
/// an earlier attempt did it and gives the call its answer. The other actions stay
/// `outcome_unknown` after a lost answer: a stop or a reboot shows only when the server gets
/// there, and a look in between would take it for not done.
extension Session {
    /// Sends the prepared operation, settling a lost answer when the operation allows it.
    func sendSettled(_ prepared: PreparedOperation, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let operation = prepared.operation
        guard Self.readsBack(operation.effect) else { return try await send(prepared, options) }
        let wording = LostAnswerWording(call: operation.name, adopted: "the \(operation.name) an earlier attempt sent took effect",
                                        looking: "looking for whether it took effect", absence: "it has not taken effect",
                                        idField: nil, metadata: ["on": "\(prepared.subjectID)"])
        return try await settling(operation.request.method, wording) { () async throws(OpenStackError) in
            try await send(prepared, options)
        } look: { () async throws(OpenStackError) in
            try await answerIfDone(prepared).map(LostAnswerLook.found) ?? .absent
        }
    }

    /// Whether an effect, once it has taken place, can be read back as the operation's answer.
    nonisolated static func readsBack(_ effect: Operation.Effect?) -> Bool {
        switch effect {
        case .exists(_, true)?, .routerInterface(true)?: return true
        default: return false
        }
    }

    /// What the operation answers, read back from the service, when it has taken effect.
    private func answerIfDone(_ prepared: PreparedOperation) async throws(OpenStackError) -> JSON? {
        let operation = prepared.operation
        switch operation.effect {
        case .exists(let path, _)?:
            let url = operation.subject.item(prepared.subjectID, parent: nil) + Self.filled(path, prepared.slots)
            do {
                return try await sendJSON(ServiceRequest(operation.subject.service, "GET", url))
            } catch where error.status == 404 {
                return nil
            }
        case .routerInterface?:
            guard let port = try await routerInterfacePort(prepared) else { return nil }
            // Neutron's answer to add_router_interface, made from the interface's port.
            let subnets = port["fixed_ips"]?.arrayValue?.compactMap { $0["subnet_id"] } ?? []
            return [
                "id": JSON(prepared.subjectID), "tenant_id": port["tenant_id"] ?? port["project_id"] ?? .null,
                "port_id": port["id"] ?? .null, "network_id": port["network_id"] ?? .null,
                "subnet_id": subnets.first ?? .null, "subnet_ids": .array(subnets),
            ]
        default:
            return nil
        }
    }
}
