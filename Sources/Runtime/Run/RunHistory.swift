public import JSONValue
public import SystemIO

/// The per-user history of runs: one JSON file per run, `DIRECTORY/JOB/RUN_ID.json`, in
/// `$XDG_STATE_HOME/stackrun/runs` (`~/.local/state/stackrun/runs`). Directories are 0700 and
/// files 0600 (a run's parameters and log are the user's business), each file written whole
/// (temporary file, then rename), so a reader never sees half a run. Each job keeps its newest
/// `keep` runs; older ones go once the new one is written.
public struct RunHistory: Sendable {
    public static let defaultKeep = 100
    /// How much of a failed run's log is kept with it.
    public static let logTailLimit = 64 * 1024

    public let directory: String

    public init(directory: String) { self.directory = directory }

    public static func defaultDirectory(environment: (String) -> String?) -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") { return state + "/stackrun/runs" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.local/state/stackrun/runs" }
        return nil
    }

    /// The job a run belongs to: its recipe's name, else its script's file name without `.lua`,
    /// made safe as a directory name (letters, digits, `.`, `_`, `-`; never `.` or `..`).
    public static func jobName(scriptPath: String, recipe: String?) -> String {
        var name = recipe ?? String(scriptPath.split(separator: "/").last ?? "script")
        if recipe == nil, name.hasSuffix(".lua") { name.removeLast(4) }
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
    }

    /// A run id as a file name: what `JournalLocation.newRunID` makes, nothing that leaves the
    /// directory.
    public static func isRunID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Writes the run's record, then removes the job's oldest runs beyond `keep`.
    public func record(_ entry: JSON, job: String, runID: String, keep: Int) throws(FileError) {
        let jobDirectory = directory + "/" + job
        try POSIXFile.makeDirectories(jobDirectory, permissions: 0o700)
        var bytes: [UInt8]
        do { bytes = try entry.encoded() } catch { throw FileError(path: jobDirectory, reason: "the record is not JSON: \(error)") }
        bytes.append(0x0A)
        try POSIXFile.writeAtomically(bytes, to: "\(jobDirectory)/\(runID).json", permissions: 0o600)
        for old in runFiles(in: jobDirectory).dropLast(max(keep, 1)) { try? POSIXFile.remove(jobDirectory + "/" + old) }
    }

    /// The job's run files, oldest first: by when they were written, then by name (a run id
    /// starts with its start time; two runs in one second differ by their random part only).
    func runFiles(in jobDirectory: String) -> [String] {
        let names = ((try? POSIXFile.entries(in: jobDirectory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        let dated = names.map { (name: $0, written: POSIXFile.status(jobDirectory + "/" + $0)?.modifiedNanoseconds ?? 0) }
        return dated.sorted { ($0.written, $0.name) < ($1.written, $1.name) }.map(\.name)
    }

    /// The jobs that have runs, by name.
    public func jobs() -> [String] {
        ((try? POSIXFile.entries(in: directory)) ?? []).filter { !$0.hasPrefix(".") && POSIXFile.status(directory + "/" + $0)?.isDirectory == true }.sorted()
    }

    /// Every stored run of `job` (of every job when nil), newest first; unreadable files are skipped.
    public func runs(job: String? = nil) -> [JSON] {
        let jobs = job.map { [$0] } ?? jobs()
        let records = jobs.flatMap { job in
            runFiles(in: directory + "/" + job).compactMap { name in
                (try? POSIXFile.readAll("\(directory)/\(job)/\(name)")).flatMap { try? JSON.decode($0) }
            }
        }
        return records.sorted { ($0["started"]?.stringValue ?? "", $0["run_id"]?.stringValue ?? "") > ($1["started"]?.stringValue ?? "", $1["run_id"]?.stringValue ?? "") }
    }

    /// The stored run with this id, in whichever job it is.
    public func run(id: String) -> JSON? {
        guard Self.isRunID(id) else { return nil }
        for job in jobs() {
            let path = "\(directory)/\(job)/\(id).json"
            if let bytes = try? POSIXFile.readAll(path), let record = try? JSON.decode(bytes) { return record }
        }
        return nil
    }
}
