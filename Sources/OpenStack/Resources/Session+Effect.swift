import JSONValue
import Transport

extension Session {
    /// Whether a prepared operation has already taken effect, as its declaration says to tell:
    /// for a retry after a lost answer, which must not repeat an action that happened. Nil when
    /// the operation declares no way to tell.
    public func hasTakenEffect(_ prepared: PreparedOperation) async throws(OpenStackError) -> Bool? {
        let operation = prepared.operation
        guard let effect = operation.effect else { return nil }
        switch effect {
        case .status(let states):
            let subject = try await get(operation.subject, prepared.subjectID)
            let current = subject[operation.subject.status?.field ?? "status"]?.stringValue?.lowercased()
            return states.contains { $0.lowercased() == current }
        case .field(let path, let slot):
            let subject = try await get(operation.subject, prepared.subjectID)
            let current = path.split(separator: ".").reduce(Optional(subject)) { value, key in value?[String(key)] } ?? .null
            guard let slot else { return current.isNull }
            return current == (prepared.slots[slot] ?? .null)
        case .exists(let path, let present):
            let url = operation.subject.item(prepared.subjectID, parent: nil) + Self.filled(path, prepared.slots)
            do {
                _ = try await send(ServiceRequest(operation.subject.service, "GET", url))
                return present
            } catch where error.status == 404 {
                return !present
            }
        case .routerInterface(let present):
            return try await routerInterfacePort(prepared) != nil ? present : !present
        }
    }

    /// The port by which the prepared operation's router has the interface it names (a subnet
    /// or a port), or nil. The router's gateway port is not an interface.
    func routerInterfacePort(_ prepared: PreparedOperation) async throws(OpenStackError) -> JSON? {
        let ports = try await list(Kinds.port, filters: [("device_id", prepared.subjectID)])
        return ports.first { port in
            guard port["device_owner"]?.stringValue != "network:router_gateway" else { return false }
            if let portID = prepared.id(of: "port") { return port["id"]?.identifierText == portID }
            guard let subnetID = prepared.id(of: "subnet") else { return false }
            return port["fixed_ips"]?.arrayValue?.contains { $0["subnet_id"]?.identifierText == subnetID } ?? false
        }
    }
}
