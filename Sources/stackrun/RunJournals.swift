import Glibc
import Logging
import OpenStack
import Runtime
import Transport

/// Which journal a run keeps (`--journal`, `--no-journal`, or the default).
enum JournalChoice: Sendable {
    case none
    case at(String)
    case inStateDirectory
}

enum RunJournals {
    /// The run's journal, opened at once when the user named its path (a path that cannot be
    /// written is a usage error before anything runs); the default one is written only when
    /// the run changes something.
    @LoopActor
    static func journal(_ choice: JournalChoice, for script: Script, runID: String) throws(JournalError) -> RunJournal? {
        let run = JournalRun(id: runID, script: absolute(script.path), processID: Int(getpid()), version: StackrunVersion.number)
        switch choice {
        case .none:
            return nil
        case .at(let path):
            let journal = RunJournal(path: absolute(path), run: run)
            try journal.open()
            return journal
        case .inStateDirectory:
            // Without a place for the file, the journal is kept in memory: a rollback still works.
            guard let directory = JournalLocation.defaultDirectory(environment: Environment.value) else {
                Logger(label: "stackrun.journal").warning("the run journal is kept in memory only: neither XDG_STATE_HOME nor HOME is set")
                return RunJournal(inMemory: run)
            }
            do {
                return RunJournal(path: try JournalLocation.prepare(directory: directory, runID: runID), run: run)
            } catch {
                Logger(label: "stackrun.journal").warning("the run journal is kept in memory only: \(error)")
                return RunJournal(inMemory: run)
            }
        }
    }

    /// The path from the root, so that the journal names its script wherever cleanup runs.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        guard let directory = getcwd(nil, 0) else { return path }
        defer { free(directory) }
        return String(cString: directory) + "/" + path
    }
}
