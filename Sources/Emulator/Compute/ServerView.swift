import Crypto
import Foundation

/// How a server is written, by microversion and role, in the order Nova's view builder writes it.
struct ServerView {
    let baseURL: String
    let version: APIVersion
    let isAdmin: Bool

    /// What the view needs from Neutron and Cinder, gathered under the lock.
    struct Related {
        var addresses: EmulatorJSON = .object([:])
        var securityGroups: [String] = []
    }

    enum Kind: Equatable {
        case show
        case detail
        /// `PUT /servers/{id}`: before 2.75 only the base attributes, with plain addresses.
        case update
    }

    func render(_ server: Server, related: Related, kind: Kind) -> EmulatorJSON {
        let extended = kind != .update || version >= APIVersion(2, 75)
        var addresses = related.addresses
        if !extended, let networks = addresses.objectValue {
            addresses = .object(EmulatorJSONObject(networks.members.map { network in
                (network.key, EmulatorJSON.array((network.value.arrayValue ?? []).map { address in
                    ["version": address["version"] ?? 4, "addr": address["addr"] ?? ""]
                }))
            }))
        }
        var object: EmulatorJSONObject = [
            "id": .string(server.id), "name": .string(server.name), "status": .string(server.status),
            "tenant_id": .string(server.projectID), "user_id": .string(server.userID), "metadata": .object(server.metadata),
            "hostId": .string(Self.hostID(host: server.host, projectID: server.projectID)),
            "image": image(server), "flavor": server.flavor.embedded(baseURL: baseURL, version: version),
            "created": .string(Timestamp.format(server.created, .secondsZ)),
            "updated": .string(Timestamp.format(server.updated, .secondsZ)),
            // Nova hides addresses while the server builds.
            "addresses": server.vmState == VMState.building && !server.deleted ? .object([:]) : addresses,
            "accessIPv4": .string(server.accessIPv4), "accessIPv6": .string(server.accessIPv6),
            "links": NovaLinks.pair(baseURL, "servers", server.id), "OS-DCF:diskConfig": .string(server.diskConfig),
        ]
        let status = server.status
        if ["ERROR", "DELETED"].contains(status), let fault = server.fault {
            var rendered: EmulatorJSONObject = [
                "code": .int(fault.code), "created": .string(Timestamp.format(fault.created, .secondsZ)), "message": .string(fault.message),
            ]
            if isAdmin || fault.code != 500 { rendered["details"] = .string(fault.details) }
            object["fault"] = .object(rendered)
        }
        if ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"].contains(status) { object["progress"] = 0 }
        if extended { addExtended(server, related: related, kind: kind, to: &object) }
        if version >= APIVersion(2, 9) { object["locked"] = .bool(server.locked) }
        if version >= APIVersion(2, 73) { object["locked_reason"] = .null }
        if version >= APIVersion(2, 19) { object["description"] = .optional(server.description) }
        if version >= APIVersion(2, 26) { object["tags"] = .array((server.deleted ? [] : server.tags).map(EmulatorJSON.string)) }
        if version >= APIVersion(2, 63) { object["trusted_image_certificates"] = .null }
        if version >= APIVersion(2, 90), !isAdmin || !extended { object["OS-EXT-SRV-ATTR:hostname"] = .string(server.hostname) }
        if kind != .detail, version >= APIVersion(2, 71) { object["server_groups"] = [] }
        if kind == .detail {
            if isAdmin, version >= APIVersion(2, 16) { object["host_status"] = .string(hostStatus(server)) }
            if !related.securityGroups.isEmpty { object["security_groups"] = groups(related.securityGroups) }
        }
        return .object(object)
    }

    /// The attributes of Nova's former extensions (zone, key, usage times, security groups,
    /// extended server attributes and status, volumes, host status).
    private func addExtended(_ server: Server, related: Related, kind: Kind, to object: inout EmulatorJSONObject) {
        object["OS-EXT-AZ:availability_zone"] = .string(server.availabilityZone)
        object["config_drive"] = server.configDrive ? "True" : ""
        object["key_name"] = .optional(server.keyName)
        object["OS-SRV-USG:launched_at"] = server.launchedAt.map { .string(Self.usageTime($0)) } ?? .null
        object["OS-SRV-USG:terminated_at"] = server.terminatedAt.map { .string(Self.usageTime($0)) } ?? .null
        if kind != .detail, !related.securityGroups.isEmpty { object["security_groups"] = groups(related.securityGroups) }
        if isAdmin {
            object["OS-EXT-SRV-ATTR:host"] = .optional(server.host)
            object["OS-EXT-SRV-ATTR:instance_name"] = .string(server.instanceName)
            object["OS-EXT-SRV-ATTR:hypervisor_hostname"] = .optional(server.host)
            if version >= APIVersion(2, 3) {
                object["OS-EXT-SRV-ATTR:reservation_id"] = .string(server.reservationID)
                object["OS-EXT-SRV-ATTR:launch_index"] = .int(server.launchIndex)
                object["OS-EXT-SRV-ATTR:hostname"] = .string(server.hostname)
                object["OS-EXT-SRV-ATTR:kernel_id"] = ""
                object["OS-EXT-SRV-ATTR:ramdisk_id"] = ""
                object["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/vda"
                object["OS-EXT-SRV-ATTR:user_data"] = .optional(server.userData)
            }
        }
        object["OS-EXT-STS:task_state"] = .optional(server.taskState)
        object["OS-EXT-STS:vm_state"] = .string(server.deleted ? VMState.deleted : server.vmState)
        object["OS-EXT-STS:power_state"] = .int(server.deleted ? PowerState.noState : server.powerState)
        object["os-extended-volumes:volumes_attached"] = .array(server.deleted ? [] : server.volumes.map { volume in
            var attached: EmulatorJSONObject = ["id": .string(volume.volumeID)]
            if version >= APIVersion(2, 3) { attached["delete_on_termination"] = .bool(volume.deleteOnTermination) }
            return .object(attached)
        })
        if kind != .detail, isAdmin, version >= APIVersion(2, 16) { object["host_status"] = .string(hostStatus(server)) }
    }

    /// `GET /servers` (no details): id, name, links.
    func summary(_ server: Server) -> EmulatorJSON {
        ["id": .string(server.id), "name": .string(server.name), "links": NovaLinks.pair(baseURL, "servers", server.id)]
    }

    private func image(_ server: Server) -> EmulatorJSON {
        guard let imageID = server.imageID else { return "" }
        return ["id": .string(imageID), "links": [["rel": "bookmark", "href": .string(NovaLinks.bookmark(baseURL, "images", imageID))]]]
    }

    private func groups(_ names: [String]) -> EmulatorJSON {
        .array(names.map { ["name": .string($0)] })
    }

    private func hostStatus(_ server: Server) -> String {
        server.host == nil || server.deleted ? "" : "UP"
    }

    /// Nova's `hostId`: a hash of host and project, so that a project can tell which of its
    /// servers share a host without learning the host's name.
    static func hostID(host: String?, projectID: String) -> String {
        guard let host else { return "" }
        let digest = SHA256.hash(data: Array((projectID + host).utf8))
        return String(digest.map { String($0, radix: 16).leftPadded(to: 2) }.joined().prefix(56))
    }

    /// launched_at and terminated_at: Python's naive datetime, to the second as Nova stores it.
    static func usageTime(_ date: Date) -> String {
        Timestamp.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)), .microseconds)
    }
}
