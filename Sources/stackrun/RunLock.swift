import Glibc
import JSONValue
import Runtime
import SystemIO
import Transport

/// `stackrun run --lock FILE`: one run of a job at a time. The lock is an flock on FILE (made
/// 0600, its directory 0700 if missing), held until the process ends: the kernel releases it
/// even when the process is killed, so a crashed run never leaves a stale lock behind. The file
/// says who holds it (pid, host, run id, start time) for the run that finds it held, and is
/// emptied when the run ends: a note found by the next run that takes the lock is the mark of a
/// holder that ended without releasing it (killed, crashed), which that run says it takes over.
/// The note is written only while the lock is held, so it never names anyone but the holder.
struct RunLock {
    let lock: FileLock

    enum Outcome {
        /// Taken; with the previous holder when it ended without releasing the lock.
        case taken(RunLock, tookOverFrom: LockHolder?)
        /// Another process holds it: the line to print.
        case held(String)
        /// The file cannot be made or locked: the line to print.
        case failed(String)
    }

    /// Takes the lock at once, or within `waitSeconds`, trying again after a delay that starts
    /// short and doubles up to a second. The wait happens before the run starts, while SIGINT
    /// and SIGTERM still end the process as they normally do.
    static func take(_ path: String, waitSeconds: Double?, runID: String) -> Outcome {
        let deadline = monotonicSeconds() + (waitSeconds ?? 0)
        var delay = 0.05
        do {
            try POSIXFile.makeDirectories(POSIXFile.directory(of: path), permissions: 0o700)
            while true {
                if let lock = try FileLock.tryAcquire(path, permissions: 0o600) {
                    let previous = LockHolder(note: (try? POSIXFile.readAll(path)) ?? [])
                    try lock.replaceContents(Array(holderNote(runID: runID).utf8))
                    return .taken(RunLock(lock: lock), tookOverFrom: previous)
                }
                let left = deadline - monotonicSeconds()
                guard left > 0 else { break }
                Pause.sleep(seconds: min(delay, left))
                delay = min(delay * 2, 1)
            }
        } catch {
            return .failed("cannot take the lock \(path): \(error.reason)")
        }
        let holder = LockHolder(note: (try? POSIXFile.readAll(path)) ?? []).map { "\($0)" } ?? "held by another process"
        let waited = waitSeconds.map { ", still after waiting \(LockHolder.seconds($0))" } ?? ""
        return .held("the lock \(path) is \(holder)\(waited): this run did not start")
    }

    /// Empties the note, then releases the lock: the run ended as it should.
    func release() {
        try? lock.replaceContents([])
        lock.unlock()
    }

    /// What the file says while this process holds it: one JSON object.
    static func holderNote(runID: String) -> String {
        let note: JSON = ["pid": .int(Int64(getpid())), "host": JSON(hostName()), "run_id": JSON(runID),
                          "started": JSON(RunSummary.now())]
        return ((try? note.encodedString()) ?? "{}") + "\n"
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }
}

/// Who holds a lock, read from its file: "held by pid N on HOST since TIME (run RUN_ID)".
struct LockHolder: CustomStringConvertible {
    var pid: Int64
    var host: String
    var started: String
    var runID: String

    /// Nil when the note is missing or unreadable (a holder that has not written it yet).
    init?(note: [UInt8]) {
        guard let json = try? JSON.decode(note), let pid = json["pid"]?.intValue else { return nil }
        self.pid = pid
        host = json["host"]?.stringValue ?? "?"
        started = json["started"]?.stringValue ?? "?"
        runID = json["run_id"]?.stringValue ?? "?"
    }

    var description: String { "held by pid \(pid) on \(host) since \(started) (run \(runID))" }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}
