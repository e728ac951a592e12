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

    /// Writes the run's record, then removes the job's oldest runs beyond `keep`. Atomic (a
    /// reader never sees half a record) but not flushed to the disk: the two fsyncs took a
    /// millisecond of every run's few (docs/performance.md). What a crash can cost is the
    /// records written in the seconds before it (the kernel's writeback delay), left out or
    /// empty, which `runs` skips like any file it cannot read.
    public func record(_ entry: JSON, job: String, runID: String, keep: Int) throws(FileError) {
        let jobDirectory = directory + "/" + job
        try POSIXFile.makeDirectories(jobDirectory, permissions: 0o700)
        var bytes: [UInt8]
        do { bytes = try entry.encoded() } catch { throw FileError(path: jobDirectory, reason: "the record is not JSON: \(error)") }
        bytes.append(0x0A)
        let writer = try AtomicFileWriter(path: "\(jobDirectory)/\(runID).json", permissions: 0o600)
        do {
            try writer.write(bytes)
            try writer.commit(durable: false)
        } catch {
            writer.discard()
            throw error
        }
        for old in runsBeyond(keep, in: jobDirectory, sparing: runID) { try? POSIXFile.remove(jobDirectory + "/" + old) }
    }

    /// The job's run files, by name: by start time to the second, as a run id begins with it.
    func runFiles(in jobDirectory: String) -> [String] {
        ((try? POSIXFile.entries(in: jobDirectory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    }

    /// The job's runs beyond its newest `keep`, never `sparing` (the run just recorded, which
    /// may have started before runs that ended sooner): the oldest by start time; among runs
    /// that started in the same second (their ids differ only in a random part), those written
    /// first. Only the runs of the second where the cut falls are looked at on disk, so that
    /// pruning a full history costs a directory listing, not a stat for each of its runs.
    func runsBeyond(_ keep: Int, in jobDirectory: String, sparing runID: String? = nil) -> [String] {
        let spared = runID.map { "\($0).json" }
        let names = runFiles(in: jobDirectory).filter { $0 != spared }
        let cut = names.count - max(keep, 1) + (runID == nil ? 0 : 1)
        guard cut > 0 else { return [] }
        let secondOf = { (name: String) in name.prefix { $0 != "-" } }
        guard cut < names.count, secondOf(names[cut - 1]) == secondOf(names[cut]) else { return Array(names[..<cut]) }
        let boundary = secondOf(names[cut])
        let first = names.firstIndex { secondOf($0) == boundary } ?? cut
        let last = names[cut...].firstIndex { secondOf($0) != boundary } ?? names.count
        let tied = names[first..<last].map { (name: $0, written: POSIXFile.status(jobDirectory + "/" + $0)?.modifiedNanoseconds ?? 0) }
            .sorted { ($0.written, $0.name) < ($1.written, $1.name) }.map(\.name)
        return Array(names[..<first]) + tied.prefix(cut - first)
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
