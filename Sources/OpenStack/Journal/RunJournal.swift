public import Transport
import Logging
public import SystemIO

/// A run's journal file: every resource the run created and every join it made, appended and on
/// the disk before the call that made it returns to the script, then what a rollback or a
/// `stackrun cleanup` undid. The process that writes it holds an exclusive lock on it, so a
/// cleanup cannot start while the run still adds to it, and two cleanups do not overlap.
@LoopActor
public final class RunJournal {
    public let path: String
    /// Everything written or read so far, in order.
    public private(set) var records: [JournalRecord] = []
    /// Set when a record could not be written: the journal on disk is incomplete from then on.
    public private(set) var writeFailure: FileError?
    /// False for a journal kept only in memory (no place to write one): a rollback still works.
    private let keepsFile: Bool
    private var file: AppendOnlyFile?
    private var lock: FileLock?
    /// Ids of what the run created, per cloud key: a create's `uses` keeps only those.
    private var created: [String: Set<String>] = [:]
    private var cloudsWritten = Set<String>()
    /// How many of `records` are in the file.
    private var written = 0
    /// The file read ends without a newline (its last line cut short).
    private var endsMidLine = false
    private let logger = Logger(label: "stackrun.journal")

    /// A journal for a new run, written at `path`. Nothing touches the disk until the first
    /// record (a run that changes nothing leaves no file) unless `open()` is called first.
    public init(path: String, run: JournalRun) {
        self.path = path
        keepsFile = true
        records = [Self.record(1, nil, .run(run))]
    }

    /// A journal kept only in this process's memory.
    public init(inMemory run: JournalRun) {
        path = "(memory)"
        keepsFile = false
        records = [Self.record(1, nil, .run(run))]
    }

    /// Whether the run changed a cloud that outlives it (not the run's own emulator): what
    /// `stackrun cleanup` could still undo.
    public var hasLastingChanges: Bool {
        var ephemeral = Set<String>()
        for record in records {
            if case .cloud(let cloud) = record.entry, cloud.ephemeral, let key = record.cloud { ephemeral.insert(key) }
        }
        return records.contains { record in
            guard case .change = record.entry, let key = record.cloud else { return false }
            return !ephemeral.contains(key)
        }
    }

    /// An existing journal, read whole and locked for appending what a cleanup undoes.
    public init(existing path: String) throws(JournalError) {
        self.path = path
        keepsFile = true
        // Locked before it is read: what is read is then all there is until this process ends.
        guard POSIXFile.isRegularFile(path) else { throw JournalError("\(path): no such journal file") }
        try lockFile()
        let bytes: [UInt8]
        do {
            bytes = try POSIXFile.readAll(path)
        } catch {
            throw JournalError("cannot read the journal: \(error)")
        }
        // A line cut short by a crash: the next record must start on a line of its own.
        endsMidLine = !bytes.isEmpty && bytes.last != UInt8(ascii: "\n")
        var unreadable = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let record = JournalRecord(line: line) else { unreadable += 1; continue }
            records.append(record)
            if case .cloud = record.entry, let cloud = record.cloud { cloudsWritten.insert(cloud) }
        }
        written = records.count
        guard case .run = records.first?.entry else {
            throw JournalError("\(path) is not a stackrun run journal (its first line is not a run record)")
        }
        if unreadable > 0 {
            logger.warning("\(unreadable) line(s) of the journal could not be read and are skipped (a run killed while writing cuts its last line short)",
                           metadata: ["journal": "\(path)"])
        }
        try open()
    }

    /// Creates (or opens) the file and takes its lock now: `--journal PATH` fails at the start of
    /// the run, not at its first create, when PATH cannot be written.
    public func open() throws(JournalError) {
        guard file == nil, keepsFile else { return }
        // A new run's journal starts a file of its own: two runs in one file would share line
        // numbers and cloud keys, and a cleanup of one would undo the other.
        if written == 0, let status = POSIXFile.status(path), status.size > 0 {
            throw JournalError("\(path) already holds a journal: give each run a file of its own")
        }
        try lockFile()
        do {
            file = try AppendOnlyFile(path: path)
            if endsMidLine {
                try file?.append([UInt8(ascii: "\n")])
                endsMidLine = false
            }
            try writePending()
        } catch {
            throw JournalError("cannot write the journal: \(error)")
        }
    }

    private func lockFile() throws(JournalError) {
        guard lock == nil else { return }
        let acquired: FileLock?
        do {
            acquired = try FileLock.tryAcquire(path)
        } catch {
            throw JournalError("cannot lock the journal: \(error)")
        }
        guard let acquired else {
            throw JournalError("\(path) is in use by another stackrun process (the run still going, or a cleanup)", isLocked: true)
        }
        lock = acquired
    }

    /// Writes the records not yet in the file, one write each.
    private func writePending() throws(FileError) {
        while written < records.count {
            try file?.append(records[written].line)
            written += 1
        }
    }

    /// The recorder for one cloud's session. `identity` tells, at its first change, which cloud
    /// and project it is (the session has signed in by then).
    public func recorder(cloud: String, identity: @escaping @LoopActor @Sendable () -> JournalCloud) -> some ChangeRecorder {
        CloudRecorder(journal: self, cloud: cloud, identity: identity)
    }

    func record(_ change: ResourceChange, cloud: String, identity: () -> JournalCloud) {
        // Deleting what the run did not create is no change of the run's to undo.
        if case .deleted(_, let id) = change, !created[cloud, default: []].contains(id) { return }
        if !cloudsWritten.contains(cloud) {
            cloudsWritten.insert(cloud)
            append(.cloud(identity()), cloud: cloud)
        }
        var change = change
        let known = created[cloud, default: []]
        func kept(_ uses: [String]) -> [String] {
            uses.filter { known.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        }
        switch change {
        case .created(var resource):
            resource.uses = kept(resource.uses)
            created[cloud, default: []].insert(resource.id)
            change = .created(resource)
        case .creating(var resource):
            resource.uses = kept(resource.uses)
            change = .creating(resource)
        default:
            break
        }
        append(.change(change), cloud: cloud)
    }

    /// What became of undoing the change on line `sequence`.
    public func recordUndo(of sequence: Int, _ outcome: Rollback.StepOutcome) {
        let cloud = records.first { $0.sequence == sequence }?.cloud
        switch outcome {
        case .undone(.undone): append(.undone(of: sequence, note: nil), cloud: cloud)
        case .undone(.alreadyUndone): append(.undone(of: sequence, note: "already gone"), cloud: cloud)
        case .failed(let error): append(.undoFailed(of: sequence, message: error.description), cloud: cloud)
        case .skipped(let reason): append(.undoFailed(of: sequence, message: "not attempted: \(reason)"), cloud: cloud)
        }
    }

    private static func record(_ sequence: Int, _ cloud: String?, _ entry: JournalRecord.Entry) -> JournalRecord {
        JournalRecord(sequence: sequence, time: Timestamp.text(Timestamp.now()), cloud: cloud, entry: entry)
    }

    /// Releases the file and its lock.
    public func close() {
        file?.close()
        file = nil
        lock?.unlock()
        lock = nil
    }

    private func append(_ entry: JournalRecord.Entry, cloud: String?) {
        records.append(Self.record((records.last?.sequence ?? 0) + 1, cloud, entry))
        guard writeFailure == nil, keepsFile else { return }
        do {
            if file == nil { try open() } else { try writePending() }
        } catch {
            let failure = (error as? FileError) ?? FileError(path: path, reason: "\(error)")
            writeFailure = failure
            logger.error("the run journal cannot be written; what the run changes from now on is known only to this process",
                         metadata: ["journal": "\(path)", "error": "\(failure.reason)"])
        }
    }
}

public struct JournalError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Another process holds the journal's lock.
    public var isLocked = false

    public init(_ description: String, isLocked: Bool = false) {
        self.description = description
        self.isLocked = isLocked
    }
}

/// A session's recorder: its changes, into the run's journal, under its cloud's key.
private struct CloudRecorder: ChangeRecorder {
    let journal: RunJournal
    let cloud: String
    let identity: @LoopActor @Sendable () -> JournalCloud

    @LoopActor func record(_ change: ResourceChange) {
        journal.record(change, cloud: cloud, identity: identity)
    }
}
