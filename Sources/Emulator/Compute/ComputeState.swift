import Foundation

/// Nova's part of the cloud: flavors, servers, key pairs and quotas.
public final class ComputeState: ServiceState {
    let settings: ComputeSettings
    var flavors: [Flavor]
    /// Servers that exist, and deleted ones during `delete_seconds` (shown as DELETED).
    var servers: [String: Server] = [:]
    /// Deleted servers that no longer show, kept so that `changes-since` lists them, as Nova's
    /// soft-deleted rows are.
    var tombstones: [Server] = []
    /// Keyed by user id, then name.
    var keypairs: [KeypairKey: Keypair] = [:]
    var nextKeypairID = 1
    var nextInstanceNumber = 1
    var defaultQuotas: [String: Int]
    /// Project id -> quota name -> limit, set with `PUT /os-quota-sets/{project_id}`.
    var quotaOverrides: [String: [String: Int]] = [:]
    let buildSeconds: Double
    let deleteSeconds: Double
    let actionSeconds: Double
    static let maximumTombstones = 1000

    init(seededIn cloud: CloudState) throws {
        settings = try ComputeSettings(section: cloud.config.serviceSections["compute"])
        flavors = settings.flavors
        defaultQuotas = settings.quotas
        buildSeconds = cloud.config.timings.buildSeconds
        deleteSeconds = cloud.config.timings.deleteSeconds
        actionSeconds = settings.actionSeconds ?? cloud.config.timings.buildSeconds / 2
    }

    /// Volume attachments are counted here, where Nova keeps them: a test that attaches through
    /// faults (FaultyFleetTests) checks that each attach happened once.
    public var resourceCounts: [String: Int] {
        let live = servers.values.filter { !$0.deleted }
        return ["server": live.count, "flavor": flavors.count, "keypair": keypairs.count,
                "volume_attachment": live.reduce(0) { $0 + $1.volumes.count }]
    }

    func flavor(id: String) -> Flavor? {
        flavors.first { $0.id == id }
    }

    /// A server the caller may see: its project's, or any for an admin.
    func server(_ id: String, auth: AuthContext) throws(ServiceError) -> Server {
        guard let server = servers[id], auth.isAdmin || server.projectID == auth.projectID else {
            throw .notFound("Instance \(id) could not be found.")
        }
        return server
    }

    /// Moves a deleted server out of sight; it stays listable with `changes-since`.
    func bury(_ id: String) {
        guard let server = servers.removeValue(forKey: id) else { return }
        tombstones.append(server)
        if tombstones.count > Self.maximumTombstones { tombstones.removeFirst(tombstones.count - Self.maximumTombstones) }
    }
}

extension CloudState {
    /// Nova's part of the cloud.
    public var compute: ComputeState { self[ComputeState.self] }
}

struct KeypairKey: Hashable, Sendable {
    let userID: String
    let name: String
}

/// An SSH (or x509) public key registered for a user.
struct Keypair: Sendable {
    let id: Int
    let name: String
    let userID: String
    let publicKey: String
    let fingerprint: String
    let type: String
    let created: Date
}
