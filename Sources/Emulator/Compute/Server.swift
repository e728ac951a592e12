import Foundation

/// A Nova instance. A class because timers and actions change it in place, always under the
/// cloud's lock.
final class Server {
    let id: String
    var name: String
    let projectID: String
    let userID: String
    /// Nil for a server booted from a volume: Nova then shows `"image": ""`.
    let imageID: String?
    var flavor: Flavor
    /// The flavor before a resize, until it is confirmed or reverted.
    var oldFlavor: Flavor?
    let created: Date
    var updated: Date
    var launchedAt: Date?
    var terminatedAt: Date?
    var vmState = VMState.building
    var taskState: String? = TaskState.scheduling
    var powerState = PowerState.noState
    var metadata: EmulatorJSONObject
    var tags: [String]
    let keyName: String?
    let userData: String?
    let availabilityZone: String
    let configDrive: Bool
    var description: String?
    var hostname: String
    var accessIPv4 = ""
    var accessIPv6 = ""
    var diskConfig: String
    var locked = false
    /// Names of the security groups the server's ports were given.
    let securityGroups: [String]
    let reservationID: String
    let launchIndex: Int
    let instanceName: String
    /// Set once the scheduler has picked a host (after `scheduling`).
    var host: String?
    var fault: ServerFault?
    var deleted = false
    /// Ports Nova made or was handed: the server shows security groups only when it has some.
    var portIDs: [String] = []
    var volumes: [VolumeAttachmentRecord] = []
    /// The transition waiting to fire, cancelled when another action takes over.
    var pendingTimer: Int?

    init(
        id: String, name: String, projectID: String, userID: String, imageID: String?, flavor: Flavor, created: Date,
        metadata: EmulatorJSONObject, tags: [String], keyName: String?, userData: String?, availabilityZone: String,
        configDrive: Bool, description: String?, diskConfig: String, securityGroups: [String], reservationID: String,
        launchIndex: Int, instanceNumber: Int
    ) {
        self.id = id
        self.name = name
        self.projectID = projectID
        self.userID = userID
        self.imageID = imageID
        self.flavor = flavor
        self.created = created
        updated = created
        self.metadata = metadata
        self.tags = tags
        self.keyName = keyName
        self.userData = userData
        self.availabilityZone = availabilityZone
        self.configDrive = configDrive
        self.description = description
        hostname = Server.hostname(from: name)
        self.diskConfig = diskConfig
        self.securityGroups = securityGroups
        self.reservationID = reservationID
        self.launchIndex = launchIndex
        instanceName = "instance-" + String(instanceNumber, radix: 16).leftPadded(to: 8)
    }

    var status: String {
        deleted ? "DELETED" : ServerStatus.from(vmState: vmState, taskState: taskState)
    }

    /// Nova's hostname sanitizing: lower case, letters, digits and dashes, at most 63 characters.
    static func hostname(from name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) || character == "-" {
                result.append(character)
            } else if character == " " || character == "_" || character == "." {
                result.append("-")
            }
        }
        while result.hasPrefix("-") || result.hasPrefix(".") { result.removeFirst() }
        while result.hasSuffix("-") || result.hasSuffix(".") { result.removeLast() }
        if result.count > 63 { result = String(result.prefix(63)) }
        return result.isEmpty ? "server" : result
    }
}

/// The error a server shows once it has gone to ERROR.
struct ServerFault: Sendable {
    let code: Int
    let message: String
    let details: String
    let created: Date
}

/// A volume attached to a server, as Nova's block device mapping records it.
struct VolumeAttachmentRecord: Sendable {
    let volumeID: String
    let device: String
    let tag: String?
    let deleteOnTermination: Bool
    /// Cinder's attachment id and Nova's BDM uuid, shown from 2.89.
    let attachmentID: String
    let bdmID: String
    /// The root volume of a server booted from a volume (not detachable).
    let isRoot: Bool
}

/// Nova's vm_state values the emulator uses.
enum VMState {
    static let building = "building"
    static let active = "active"
    static let stopped = "stopped"
    static let resized = "resized"
    static let error = "error"
    static let deleted = "deleted"
}

/// Nova's task_state values the emulator uses.
enum TaskState {
    static let scheduling = "scheduling"
    static let spawning = "spawning"
    static let rebooting = "rebooting"
    static let rebootingHard = "rebooting_hard"
    static let poweringOff = "powering-off"
    static let poweringOn = "powering-on"
    static let resizePrep = "resize_prep"
    static let resizeReverting = "resize_reverting"
    static let deleting = "deleting"
}

/// Nova's power_state numbers.
enum PowerState {
    static let noState = 0
    static let running = 1
    static let shutdown = 4
}
