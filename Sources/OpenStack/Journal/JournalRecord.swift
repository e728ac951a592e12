import JSONValue

/// One line of a run journal (JSON Lines: one object per line, appended as things happen).
/// The first line says which run it is; a cloud's line comes before the first change made in
/// it; then the changes, and what a rollback or `stackrun cleanup` undid.
public struct JournalRecord: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case run(JournalRun)
        case cloud(JournalCloud)
        case change(ResourceChange)
        /// The change on line `of` was undone, or found already undone (`note` says which).
        case undone(of: Int, note: String?)
        /// Undoing the change on line `of` failed: it is still there.
        case undoFailed(of: Int, message: String)
    }

    /// The line's number, from 1: what `undone` refers to.
    public var sequence: Int
    /// UTC, ISO 8601, for people reading it.
    public var time: String
    /// The journal's key of the cloud the change was made in ("c1").
    public var cloud: String?
    public var entry: Entry

    public init(sequence: Int, time: String, cloud: String? = nil, entry: Entry) {
        (self.sequence, self.time, self.cloud, self.entry) = (sequence, time, cloud, entry)
    }

    public var line: [UInt8] {
        var object: JSONObject = ["seq": .int(Int64(sequence)), "time": JSON(time)]
        if let cloud { object["cloud"] = JSON(cloud) }
        switch entry {
        case .run(let run): object.members += run.fields.members
        case .cloud(let cloud): object.members += cloud.fields.members
        case .change(let change): object.members += change.fields.members
        case .undone(let of, let note):
            object["event"] = "undone"
            object["of"] = .int(Int64(of))
            if let note { object["note"] = JSON(note) }
        case .undoFailed(let of, let message):
            object["event"] = "undo_failed"
            object["of"] = .int(Int64(of))
            object["message"] = JSON(message)
        }
        return ((try? JSON.object(object).encoded()) ?? []) + [UInt8(ascii: "\n")]
    }

    /// The record a line holds; nil for a line that is not one (cut short by a crash, or from a
    /// later version): a reader skips it and says so.
    public init?(line: some Collection<UInt8>) {
        guard let object = try? JSON.decode(line), let sequence = object["seq"]?.intValue,
              let event = object["event"]?.stringValue else { return nil }
        self.sequence = Int(sequence)
        time = object["time"]?.stringValue ?? ""
        cloud = object["cloud"]?.stringValue
        switch event {
        case "run":
            guard let run = JournalRun(fields: object) else { return nil }
            entry = .run(run)
        case "cloud":
            guard let cloud = JournalCloud(fields: object) else { return nil }
            entry = .cloud(cloud)
        case "undone", "undo_failed":
            guard let of = object["of"]?.intValue else { return nil }
            entry = event == "undone" ? .undone(of: Int(of), note: object["note"]?.stringValue)
                : .undoFailed(of: Int(of), message: object["message"]?.stringValue ?? "")
        default:
            guard let change = ResourceChange(fields: object) else { return nil }
            entry = .change(change)
        }
    }
}

/// The journal's first line: which run, started when, running what.
public struct JournalRun: Sendable, Equatable {
    public var id: String
    public var script: String
    public var processID: Int
    public var version: String

    public init(id: String, script: String, processID: Int, version: String) {
        (self.id, self.script, self.processID, self.version) = (id, script, processID, version)
    }

    var fields: JSONObject {
        ["event": "run", "format": "stackrun-journal/1", "run": JSON(id), "script": JSON(script),
         "pid": .int(Int64(processID)), "stackrun": JSON(version)]
    }

    init?(fields object: JSON) {
        guard let id = object["run"]?.stringValue else { return nil }
        self.init(id: id, script: object["script"]?.stringValue ?? "", processID: Int(object["pid"]?.intValue ?? 0),
                  version: object["stackrun"]?.stringValue ?? "")
    }
}

/// A cloud the run changed: enough to find it again and to check that a later cleanup signs in
/// to the same project. Never a secret: no password, no token.
public struct JournalCloud: Sendable, Equatable {
    /// The clouds.yaml entry, "envvars", "emulator" or "script": where its settings came from.
    public var name: String
    public var authURL: String
    public var region: String?
    public var projectID: String?
    public var userID: String?
    /// The run's own emulator, gone with the run and everything in it.
    public var ephemeral = false

    public init(name: String, authURL: String, region: String? = nil, projectID: String? = nil, userID: String? = nil,
                ephemeral: Bool = false) {
        (self.name, self.authURL, self.region, self.projectID, self.userID) = (name, authURL, region, projectID, userID)
        self.ephemeral = ephemeral
    }

    var fields: JSONObject {
        var object: JSONObject = ["event": "cloud", "name": JSON(name), "auth_url": JSON(authURL)]
        if let region { object["region"] = JSON(region) }
        if let projectID { object["project_id"] = JSON(projectID) }
        if let userID { object["user_id"] = JSON(userID) }
        if ephemeral { object["ephemeral"] = true }
        return object
    }

    init?(fields object: JSON) {
        guard let name = object["name"]?.stringValue, let authURL = object["auth_url"]?.stringValue else { return nil }
        self.init(name: name, authURL: authURL, region: object["region"]?.stringValue,
                  projectID: object["project_id"]?.stringValue, userID: object["user_id"]?.stringValue,
                  ephemeral: object["ephemeral"]?.boolValue ?? false)
    }
}
