import Foundation

/// `POST /servers` under the lock: resolves flavor, image, key pair, zone, security groups,
/// networks and volumes as Nova's API does before it answers 202, checks quotas, then makes the
/// servers with their Neutron ports and Cinder attachments and starts their builds.
struct ServerCreation {
    let spec: ServerSpec
    let auth: AuthContext
    let version: APIVersion

    /// A port Nova will make on a network, or a port the user gave.
    enum PortPlan {
        case create(networkID: String, fixedIP: String?)
        case bind(portID: String)
    }

    struct Created: Sendable {
        let id: String
        let reservationID: String
    }

    func run(in cloud: CloudState) throws(ServiceError) -> Created {
        let compute = cloud.compute
        let projectID = auth.projectID ?? ""
        guard let flavor = compute.flavor(id: spec.flavorRef), !flavor.disabled else {
            throw .badRequest("Flavor \(spec.flavorRef) could not be found.")
        }
        let bootVolume = spec.blockDevices.first { $0.bootIndex == 0 && $0.destinationType == "volume" }
        let localImage = spec.blockDevices.first { $0.bootIndex == 0 && $0.sourceType == "image" && $0.destinationType == "local" }
        let imageRef = spec.imageRef.flatMap { $0.isEmpty ? nil : $0 } ?? localImage?.uuid
        var imageID: String?
        if let ref = imageRef {
            guard let image = ComputeNeighbors.image(ref, projectID: projectID, in: cloud) else {
                throw .badRequest("Can not find requested image")
            }
            guard image["status"]?.stringValue == "active" else { throw .badRequest("Image \(ref) is not active.") }
            if bootVolume == nil { imageID = ref }
        } else if bootVolume == nil {
            throw .badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.")
        }
        if flavor.disk == 0 && bootVolume == nil && !auth.isAdmin {
            throw .forbidden("Only volume-backed servers are allowed for flavors with zero disk.")
        }
        let zone = spec.availabilityZone ?? compute.settings.availabilityZones[0]
        guard compute.settings.availabilityZones.contains(zone) else {
            throw .badRequest("The requested availability zone is not available")
        }
        if let keyName = spec.keyName, compute.keypairs[KeypairKey(userID: auth.userID, name: keyName)] == nil {
            throw .badRequest("Invalid key_name provided.")
        }
        let groupNames = spec.securityGroups.isEmpty ? ["default"] : spec.securityGroups
        var groupIDs: [String] = []
        for name in groupNames {
            guard let id = ComputeNeighbors.securityGroupID(name, projectID: projectID, in: cloud) else {
                throw .badRequest("Unable to find security_group with name or id '\(name)'")
            }
            groupIDs.append(id)
        }
        let ports = try plannedPorts(projectID: projectID, in: cloud)
        let volumes = try plannedVolumes(projectID: projectID, in: cloud)
        let count = try allowedCount(flavor: flavor, compute: compute, projectID: projectID)
        let metadataLimit = compute.quotaLimits(projectID: projectID)["metadata_items"] ?? -1
        if metadataLimit >= 0 && spec.metadata.count > metadataLimit {
            throw .forbidden("Maximum number of metadata items exceeds \(metadataLimit)")
        }
        if count > 1 && ports.contains(where: { if case .bind = $0 { true } else { false } }) {
            throw .badRequest("Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.")
        }
        if count > 1 && volumes.contains(where: { $0.sourceType == "volume" }) {
            throw .badRequest("Block Device Mapping is Invalid: Cannot attach one or more volumes to multiple instances.")
        }

        let reservationID = "r-" + Self.randomText(8, from: "abcdefghijklmnopqrstuvwxyz0123456789")
        var firstID = ""
        for index in 0..<count {
            let server = Server(
                id: Identifiers.uuid(), name: count > 1 ? "\(spec.name)-\(index + 1)" : spec.name, projectID: projectID,
                userID: auth.userID, imageID: imageID, flavor: flavor, created: cloud.now, metadata: spec.metadata,
                tags: spec.tags, keyName: spec.keyName, userData: spec.userData, availabilityZone: zone,
                configDrive: spec.configDrive, description: version >= APIVersion(2, 19) ? spec.description : spec.name,
                diskConfig: spec.diskConfig, securityGroups: groupNames, reservationID: reservationID, launchIndex: index,
                instanceNumber: compute.nextInstanceNumber)
            compute.nextInstanceNumber += 1
            if let hostname = spec.hostname { server.hostname = hostname }
            server.accessIPv4 = spec.accessIPv4
            server.accessIPv6 = spec.accessIPv6
            compute.servers[server.id] = server
            if index == 0 { firstID = server.id }
            var failure: ServerFault.Reason? = cloud.faults.resourceShouldFail(kind: "server") ? .noValidHost : nil
            do {
                try attachPorts(ports, to: server, groupIDs: groupIDs, zone: zone, in: cloud)
            } catch {
                ComputeNeighbors.releasePorts(of: server, in: cloud)
                if failure == nil { failure = .network(error.message) }
            }
            do {
                try attachVolumes(volumes, to: server, flavor: flavor, in: cloud)
            } catch {
                if failure == nil { failure = .blockDevice(error.message) }
            }
            compute.startBuild(server, in: cloud, failure: failure)
        }
        return Created(id: firstID, reservationID: reservationID)
    }

    /// Ports to make or bind, checked as Nova's `validate_networks` checks them.
    private func plannedPorts(projectID: String, in cloud: CloudState) throws(ServiceError) -> [PortPlan] {
        switch spec.networks {
        case .none:
            return []
        case .unspecified, .auto:
            let available = ComputeNeighbors.availableNetworks(projectID: projectID, in: cloud)
            if available.count > 1 { throw .conflict("Multiple possible networks found, use a Network ID to be more specific.") }
            if let only = available.first { return [.create(networkID: only, fixedIP: nil)] }
            if case .auto = spec.networks {
                throw .badRequest("Unable to automatically allocate a network for project \(projectID)")
            }
            return []
        case .list(let requests):
            var plans: [PortPlan] = []
            for request in requests {
                if let portID = request.portID {
                    guard let port = ComputeNeighbors.port(portID, in: cloud),
                        auth.isAdmin || port["project_id"]?.stringValue == projectID
                    else { throw .badRequest("Port id \(portID) could not be found.") }
                    if let device = port["device_id"]?.stringValue, !device.isEmpty { throw .conflict("Port \(portID) is still in use.") }
                    plans.append(.bind(portID: portID))
                } else if let networkID = request.networkID {
                    guard let network = ComputeNeighbors.network(networkID, in: cloud),
                        auth.isAdmin || network["project_id"]?.stringValue == projectID || network["shared"]?.boolValue == true
                    else { throw .badRequest("Network \(networkID) could not be found.") }
                    if network["subnets"]?.arrayValue?.isEmpty ?? true {
                        throw .badRequest("Network \(networkID) requires a subnet in order to boot instances on.")
                    }
                    if network["router:external"]?.boolValue == true, network["shared"]?.boolValue != true, !auth.isAdmin {
                        throw .forbidden("It is not allowed to create an interface on external network \(networkID)")
                    }
                    plans.append(.create(networkID: networkID, fixedIP: request.fixedIP))
                }
            }
            return plans
        }
    }

    private func attachPorts(_ plans: [PortPlan], to server: Server, groupIDs: [String], zone: String, in cloud: CloudState) throws(ServiceError) {
        for plan in plans {
            switch plan {
            case .create(let networkID, let fixedIP):
                let port = try ComputeNeighbors.createPort(
                    networkID: networkID, server: server, fixedIP: fixedIP, securityGroupIDs: groupIDs, zone: zone, isAdmin: auth.isAdmin,
                    in: cloud)
                if let id = port["id"]?.stringValue { server.portIDs.append(id) }
            case .bind(let portID):
                try ComputeNeighbors.bindPort(portID, server: server, zone: zone, in: cloud)
                server.portIDs.append(portID)
            }
        }
    }

    /// Attaches the mapped volumes, creating those Nova makes (from an image, or blank) first.
    private func attachVolumes(_ devices: [ServerSpec.BlockDevice], to server: Server, flavor: Flavor, in cloud: CloudState) throws(ServiceError) {
        for device in devices {
            var volumeID = device.uuid ?? ""
            if device.sourceType != "volume" {
                var image: (id: String, properties: EmulatorJSON)?
                if device.sourceType == "image", let imageID = device.uuid {
                    guard let properties = ComputeNeighbors.image(imageID, projectID: server.projectID, in: cloud) else {
                        throw .badRequest("Image \(imageID) could not be found.")
                    }
                    image = (imageID, properties)
                }
                volumeID = try cloud.blockStorage.createVolumeForNova(
                    size: device.volumeSize ?? max(1, flavor.disk), image: image, projectID: server.projectID, userID: server.userID,
                    name: "", now: cloud.now)
            }
            let attached = try ComputeNeighbors.beginAttachment(volumeID, server: server, in: cloud)
            server.volumes.append(VolumeAttachmentRecord(
                volumeID: volumeID, device: attached, tag: device.tag, deleteOnTermination: device.deleteOnTermination,
                attachmentID: Identifiers.uuid(), bdmID: Identifiers.uuid(), isRoot: device.bootIndex == 0))
        }
    }

    /// The volumes to attach or create, checked as Nova's API checks block device mappings.
    private func plannedVolumes(projectID: String, in cloud: CloudState) throws(ServiceError) -> [ServerSpec.BlockDevice] {
        var planned: [ServerSpec.BlockDevice] = []
        let bootIndexes = spec.blockDevices.compactMap(\.bootIndex).filter { $0 >= 0 }.sorted()
        if bootIndexes != Array(0..<bootIndexes.count) {
            throw .badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.")
        }
        for device in spec.blockDevices {
            switch (device.sourceType, device.destinationType) {
            case ("volume", "volume"):
                guard let id = device.uuid else { throw .badRequest("Block Device Mapping is Invalid: Missing device UUID.") }
                guard let volume = ComputeNeighbors.volume(id, in: cloud),
                    auth.isAdmin || volume["os-vol-tenant-attr:tenant_id"]?.stringValue ?? projectID == projectID
                else { throw .badRequest("Block Device Mapping is Invalid: failed to get volume \(id).") }
                guard volume["status"]?.stringValue == "available" else {
                    throw .badRequest("Invalid volume: volume '\(id)' status must be 'available'. Currently in '\(volume["status"]?.stringValue ?? "")'")
                }
                planned.append(device)
            case ("image", "volume"):
                guard let id = device.uuid, ComputeNeighbors.image(id, projectID: projectID, in: cloud) != nil else {
                    throw .badRequest("Block Device Mapping is Invalid: failed to get image \(device.uuid ?? "None").")
                }
                planned.append(device)
            case ("blank", "volume"):
                guard device.volumeSize != nil else {
                    throw .badRequest("Block Device Mapping is Invalid: Invalid volume_size.")
                }
                planned.append(device)
            case ("image", "local") where device.bootIndex == 0:
                continue
            case ("blank", "local"):
                // Ephemeral and swap disks are part of the guest; nothing to make in Cinder.
                continue
            default:
                throw .badRequest("Block Device Mapping is Invalid: Mapping image to local is not supported.")
            }
        }
        return planned
    }

    /// How many servers to make: `max_count` if the quota allows, else as many as fit down to
    /// `min_count`, else Nova's 403.
    private func allowedCount(flavor: Flavor, compute: ComputeState, projectID: String) throws(ServiceError) -> Int {
        var count = spec.maxCount
        while count >= spec.minCount {
            do {
                try compute.checkQuota(
                    projectID: projectID, requested: ["instances": count, "cores": count * flavor.vcpus, "ram": count * flavor.ram])
                return count
            } catch {
                if count == spec.minCount { throw error }
                count -= 1
            }
        }
        return count
    }

    static func randomText(_ length: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in characters[Int.random(in: 0..<characters.count, using: &generator)] })
    }
}
