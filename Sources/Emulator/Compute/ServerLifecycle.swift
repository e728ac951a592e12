import Foundation

/// The status machine: BUILD -> ACTIVE (or ERROR), the transitional task states of actions, and
/// deletion. Every step runs under the cloud's lock, from a timer or a request.
extension ComputeState {
    /// The one compute host, named as Neutron binds Nova's ports.
    static let hostName = "stackrun-emulator"
    static let noValidHost = "No valid host was found. There are not enough hosts available."

    /// Runs `step` on the server after `seconds`, unless another transition or a delete has
    /// replaced this one by then.
    func after(_ seconds: Double, _ server: Server, in cloud: CloudState, _ step: @escaping (Server, CloudState) -> Void) {
        let id = server.id
        var token = 0
        token = cloud.schedule(after: seconds) { cloud in
            guard let current = cloud.compute.servers[id], current.pendingTimer == token, !current.deleted else { return }
            current.pendingTimer = nil
            current.updated = cloud.now
            step(current, cloud)
        }
        if let previous = server.pendingTimer { cloud.cancelTimer(previous) }
        server.pendingTimer = token
    }

    /// Scheduling, then spawning, then ACTIVE; or ERROR with a fault when the fault plan says so
    /// or the network could not be allocated.
    func startBuild(_ server: Server, in cloud: CloudState, failure: ServerFault.Reason?) {
        let half = buildSeconds / 2
        after(half, server, in: cloud) { server, cloud in
            let compute = cloud.compute
            if failure == .noValidHost {
                compute.fail(server, in: cloud, message: Self.noValidHost, details: "NoValidHost: " + Self.noValidHost)
                return
            }
            server.host = Self.hostName
            server.taskState = TaskState.spawning
            compute.after(half, server, in: cloud) { server, cloud in
                if case .aborted(let reason, let details) = failure {
                    cloud.compute.fail(server, in: cloud, message: "Build of instance \(server.id) aborted: \(reason)", details: details)
                    return
                }
                server.vmState = VMState.active
                server.taskState = nil
                server.powerState = PowerState.running
                server.launchedAt = cloud.now
            }
        }
    }

    /// ERROR, with the fault Nova records; the ports Nova made for it are given back.
    func fail(_ server: Server, in cloud: CloudState, message: String, details: String) {
        server.vmState = VMState.error
        server.taskState = nil
        server.powerState = PowerState.noState
        server.fault = ServerFault(code: 500, message: message, details: details, created: cloud.now)
        server.updated = cloud.now
        ComputeNeighbors.releasePorts(of: server, in: cloud)
    }

    /// An action's transitional task state for `action_seconds`, then `finish`.
    func transition(_ server: Server, task: String, in cloud: CloudState, finish: @escaping (Server) -> Void) {
        server.taskState = task
        server.updated = cloud.now
        after(actionSeconds, server, in: cloud) { server, _ in
            server.taskState = nil
            finish(server)
        }
    }

    /// DELETED at once (ports and volumes given back), then gone after `delete_seconds`.
    func delete(_ server: Server, in cloud: CloudState) {
        if let pending = server.pendingTimer { cloud.cancelTimer(pending) }
        server.pendingTimer = nil
        server.deleted = true
        server.vmState = VMState.deleted
        server.taskState = nil
        server.powerState = PowerState.noState
        server.terminatedAt = cloud.now
        server.updated = cloud.now
        server.metadata = [:]
        ComputeNeighbors.releasePorts(of: server, in: cloud)
        ComputeNeighbors.detachVolumes(of: server, in: cloud)
        for volume in server.volumes where volume.deleteOnTermination {
            cloud.blockStorage.deleteVolumeForNova(volume.volumeID)
        }
        server.volumes = []
        let id = server.id
        cloud.schedule(after: deleteSeconds) { cloud in cloud.compute.bury(id) }
    }

    /// Nova's 409 when an action is not allowed in the server's current state.
    static func checkState(
        _ server: Server, action: String, vmStates: Set<String>?, taskStates: Set<String?>? = [nil], mustHaveLaunched: Bool = true
    ) throws(ServiceError) {
        if let vmStates, !vmStates.contains(server.vmState) {
            throw .conflict("Cannot '\(action)' instance \(server.id) while it is in vm_state \(server.vmState)")
        }
        if let taskStates, !taskStates.contains(server.taskState) {
            throw .conflict("Cannot '\(action)' instance \(server.id) while it is in task_state \(server.taskState ?? "None")")
        }
        if mustHaveLaunched && server.launchedAt == nil {
            throw .conflict("Cannot '\(action)' instance \(server.id) while it is in launched_at None")
        }
    }
}

extension ServerFault {
    /// Why a build fails.
    enum Reason: Equatable {
        /// The fault plan sent the server to ERROR: the scheduler found no host.
        case noValidHost
        /// Neutron could not make a port, or Cinder a volume: Nova's BuildAbortException.
        case aborted(reason: String, details: String)

        static func network(_ details: String) -> Reason {
            .aborted(reason: "Failed to allocate the network(s), not rescheduling.", details: details)
        }

        static func blockDevice(_ details: String) -> Reason {
            .aborted(reason: "Failure prepping block device.", details: details)
        }
    }
}
