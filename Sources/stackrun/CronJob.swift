import Glibc
import Runtime
import SystemIO
import Transport

/// The job a crontab line runs: its target, the run flags and script arguments given, and the
/// environment worth passing on. Builds the line; holds no secret.
struct CronJob {
    /// A script that exists, made absolute (cron starts in HOME); else a recipe name, as given.
    let target: String
    let flags: [String]
    let scriptArguments: [String]
    /// NAME=value for the line, in a fixed order.
    let cloudVariables: [(name: String, value: String)]
    let otherVariables: [(name: String, value: String)]
    /// Variables set here that hold secrets, left out of the line.
    let secretVariables: [String]

    /// Copied when set: where the cloud comes from, and what stackrun itself reads.
    static let cloudNames = ["OS_CLOUD", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE"]
    static let otherNames = ["PATH", "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
                             "STACKRUN_PATH", "STACKRUN_NO_TOKEN_CACHE", "STACKRUN_EMULATOR", "STACKRUN_EMULATOR_BINARY"]
    /// Secret variables worth a warning: what a user who signs in with OS_* variables has set.
    static let warnedPrefixes = ["OS_", "STACKRUN_"]

    init(target: String, flags: [String], scriptArguments: [String], environment: (String) -> String?,
         allNames: [String] = Self.environmentNames()) {
        self.target = POSIXFile.isRegularFile(target) ? RunJournals.absolute(target) : target
        self.flags = flags
        self.scriptArguments = scriptArguments
        func set(_ names: [String]) -> [(name: String, value: String)] {
            names.compactMap { name in environment(name).flatMap { $0.isEmpty ? nil : (name, $0) } }
        }
        cloudVariables = set(Self.cloudNames)
        otherVariables = set(Self.otherNames)
        secretVariables = allNames.filter { name in
            Self.warnedPrefixes.contains { name.hasPrefix($0) } && SecretName.isSecret(name) && !(environment(name) ?? "").isEmpty
        }.sorted()
    }

    /// The job's name for its lock and log: the script's file name without `.lua`, or the
    /// recipe's, in characters safe in a file name.
    var name: String {
        var base = target.split(separator: "/").last.map(String.init) ?? target
        if base.hasSuffix(".lua") { base.removeLast(4) }
        let safe = base.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" }
        return safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "job" : String(safe)
    }

    /// A word of the line that carries a secret (`--param password=...`, `--token x` after
    /// `--`), by its name only: the message must not repeat the value.
    var secretInFlags: String? {
        ArgumentMasking.secretNames(in: flags + scriptArguments).first
    }

    /// `run`'s arguments: the job's own flags first, then the ones given (which win where they
    /// repeat one), the target and the script's arguments.
    func runArguments(lock: String) -> [String] {
        var own = ["--lock", lock, "--log-format", "json"]
        if !flags.contains("--quiet") { own.append("--quiet") }
        return own + flags + [target] + scriptArguments
    }

    /// "SCHEDULE cd DIR && NAME=value... BINARY run ... >> LOG 2>&1", each word shell-quoted and
    /// every % escaped (cron turns a bare % into a newline).
    func crontabLine(schedule: String, binary: String, directory: String, files: JobFiles) -> String {
        let variables = (cloudVariables + otherVariables).map { "\($0.name)=\(ShellQuoting.quoted($0.value))" }
        let command = ["cd", ShellQuoting.quoted(directory), "&&"] + variables + [ShellQuoting.quoted(binary), "run"]
            + runArguments(lock: files.lock).map(ShellQuoting.quoted) + [">>", ShellQuoting.quoted(files.log), "2>&1"]
        return schedule + " " + command.joined(separator: " ").replacing("%", with: "\\%")
    }

    static func environmentNames() -> [String] {
        var names: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            names.append(String(text.prefix { $0 != "=" }))
            entry += 1
        }
        return names
    }
}

/// Words for /bin/sh: as they are when every character is safe, else in single quotes.
enum ShellQuoting {
    static func quoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "@%+=:,./_-".contains($0)) }
        return safe ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
