import Glibc
import Logging
import OpenStack
public import SystemIO

/// Where run journals go when `--journal` does not say: one file per run in
/// `$XDG_STATE_HOME/stackrun/journals` (`~/.local/state/stackrun/journals`), named by the run's
/// id, which starts with its UTC start time so that names sort by age. The newest
/// `keptJournals` are kept; older ones are removed when a new run starts writing.
public enum JournalLocation {
    public static let keptJournals = 100
    /// Past this many, the oldest go even when they still list something (with a warning): a
    /// cron job that builds every minute must not fill the disk with journals.
    public static let journalLimit = 1000

    public static func defaultDirectory(environment: (String) -> String?) -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") { return state + "/stackrun/journals" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.local/state/stackrun/journals" }
        return nil
    }

    /// "20261206T133512Z-3f9a1c0e": the start time, then 32 random bits against two runs
    /// starting in the same second.
    public static func newRunID() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let stamp = digits(parts.tm_year + 1900, 4) + digits(parts.tm_mon + 1, 2) + digits(parts.tm_mday, 2) + "T"
            + digits(parts.tm_hour, 2) + digits(parts.tm_min, 2) + digits(parts.tm_sec, 2) + "Z"
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return stamp + "-" + String(repeating: "0", count: 8 - random.count) + random
    }

    /// The journal path for a new run in `directory`, made private (0700) if missing, with the
    /// oldest journals beyond `keptJournals` removed: only those with nothing left to undo, and
    /// not one a run still writes (locked). A journal that still lists resources stays until a
    /// cleanup has undone them, or its user removes it, or there are `journalLimit` of them.
    public static func prepare(directory: String, runID: String) throws(FileError) -> String {
        try POSIXFile.makeDirectories(directory, permissions: 0o700)
        let journals = try POSIXFile.entries(in: directory).filter { $0.hasSuffix(".jsonl") }.sorted()
        for old in journals.dropLast(max(0, keptJournals - 1)) {
            let path = directory + "/" + old
            guard let lock = try? FileLock.tryAcquire(path) else { continue }
            if let bytes = try? POSIXFile.readAll(path) {
                let records = bytes.split(separator: UInt8(ascii: "\n")).compactMap { JournalRecord(line: $0) }
                if RollbackPlan(records).isEmpty { try? POSIXFile.remove(path) }
            }
            lock.unlock()
        }
        let left = (try? POSIXFile.entries(in: directory).filter { $0.hasSuffix(".jsonl") }.sorted()) ?? []
        for old in left.dropLast(max(0, journalLimit - 1)) {
            let path = directory + "/" + old
            guard let lock = try? FileLock.tryAcquire(path) else { continue }
            try? POSIXFile.remove(path)
            lock.unlock()
            Logger(label: "stackrun.journal").warning("removed an old run journal that still listed resources (over \(journalLimit) journals)",
                                                      metadata: ["journal": "\(path)"])
        }
        return "\(directory)/\(runID).jsonl"
    }
}
