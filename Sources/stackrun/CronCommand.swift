import ArgumentParser
import Glibc
import Runtime
import SystemIO
import Transport

/// `stackrun cron SCHEDULE NAME_OR_FILE [RUN FLAGS...] [-- ARGS...]`: prints the crontab line
/// that runs a job as cron should, for the user to install (`crontab -e`): nothing is installed.
struct CronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Print a crontab line that runs a script or recipe on a schedule.",
        discussion: """
            The line changes to this directory, sets the environment the job needs (OS_CLOUD, \
            OS_CLIENT_CONFIG_FILE, PATH, HOME, XDG_*, STACKRUN_* when set: cron's own environment \
            has almost nothing), and runs this stackrun binary by its absolute path with \
            `run --lock` (a second run while one is going exits with 75 instead of overlapping), \
            `--log-format json --quiet` (errors and the run summary, one JSON record each), \
            the run flags given here, and the script's arguments after `--`. Output is appended \
            to $XDG_STATE_HOME/stackrun/logs/NAME.log; the lock is \
            $XDG_STATE_HOME/stackrun/locks/NAME.lock. Both directories are made now (0700).

            No secret goes into the line, which any process of the user can read: a password or \
            token in the environment (OS_PASSWORD, OS_TOKEN, OS_APPLICATION_CREDENTIAL_SECRET...) is \
            left out with a warning. Keep credentials in clouds.yaml / secure.yaml and set OS_CLOUD.

            Example:
              stackrun cron '*/15 * * * *' ensure-servers --timeout 600 --param count=3
              stackrun cron '0 * * * *' jobs/report.lua -- weekly
              stackrun cron @daily cleanup.lua --os-cloud prod | crontab -   (replaces the crontab!)
            """)

    @Argument(help: "When: five fields in one argument ('0 3 * * *'), or @hourly, @daily, @weekly, @monthly, @reboot...")
    var schedule: String

    @Argument(help: "The script (made absolute) or recipe to run.")
    var target: String

    @Argument(parsing: .captureForPassthrough, help: "Flags for `stackrun run`, then `--` and the script's arguments.")
    var passed: [String] = []

    /// Everything that can be wrong with the line is a usage error (2), found before it is printed.
    func validate() throws {
        do {
            _ = try CronSchedule(schedule)
        } catch {
            throw ValidationError(error.description)
        }
        let job = job()
        if job.secretInFlags == "ping" {
            throw ValidationError("--ping's URL is the health check's key, and a crontab line is readable by every process "
                + "of the user: put the URL in a file only you can read and give --ping-file FILE")
        }
        if let secret = job.secretInFlags {
            throw ValidationError("\(secret) looks like a secret: a crontab line is readable by every process of the user. "
                + "Keep credentials in clouds.yaml / secure.yaml (OS_CLOUD), or pass the value through a file")
        }
        // The flags as `run` will read them, so that a typo fails now rather than at 3 a.m.
        do {
            _ = try Run.parse(job.runArguments(lock: "/dev/null"))
        } catch {
            throw ValidationError("stackrun run would not accept these flags: \(Run.message(for: error))")
        }
    }

    private func job() -> CronJob {
        let split = passed.firstIndex(of: "--")
        var flags: [String] = []
        // A recipe's parameters go after its name in the run line, whichever side of -- they were.
        var parameters: [String] = []
        var index = 0
        let given = Array(passed[..<(split ?? passed.endIndex)])
        while index < given.count {
            let word = given[index]
            if ["--param", "--params-file"].contains(word), index + 1 < given.count {
                parameters += [word, given[index + 1]]
                index += 2
                continue
            }
            if word.hasPrefix("--param=") || word.hasPrefix("--params-file=") { parameters.append(word) } else { flags.append(word) }
            index += 1
        }
        let scriptArguments = parameters + (split.map { Array(passed[passed.index(after: $0)...]) } ?? [])
        return CronJob(target: target, flags: flags, scriptArguments: scriptArguments, environment: Environment.value)
    }

    func run() throws {
        let schedule = try CronSchedule(self.schedule)
        let job = job()
        let flags = job.flags
        let diagnostics = Diagnostics(format: .text)
        guard let state = JobFiles.stateDirectory(environment: Environment.value) else {
            throw ValidationError("neither XDG_STATE_HOME nor HOME is set: there is no place for the job's lock and log")
        }
        let files = JobFiles(state: state, name: job.name)
        do {
            try POSIXFile.makeDirectories(POSIXFile.directory(of: files.lock), permissions: 0o700)
            try POSIXFile.makeDirectories(POSIXFile.directory(of: files.log), permissions: 0o700)
        } catch {
            diagnostics.error("cannot make the job's directories: \(error.reason)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        for name in job.secretVariables {
            diagnostics.notice("\(name) is set but left out of the line: keep it in clouds.yaml / secure.yaml and set OS_CLOUD")
        }
        if job.cloudVariables.isEmpty, !flags.contains(where: { $0.hasPrefix("--os-cloud") || $0 == "--emulator" }) {
            diagnostics.notice("neither OS_CLOUD nor --os-cloud is given: the job will have no cloud unless its script signs in itself")
        }
        let line = job.crontabLine(schedule: schedule.text, binary: Self.executablePath(), directory: Self.currentDirectory(), files: files)
        print(line)
    }

    /// This binary, by its absolute path: cron's PATH does not have it.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return RunJournals.absolute(CommandLine.arguments[0]) }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func currentDirectory() -> String {
        guard let directory = getcwd(nil, 0) else { return "/" }
        defer { free(directory) }
        return String(cString: directory)
    }
}

/// Where a job's lock and log go: $XDG_STATE_HOME/stackrun/{locks,logs}/NAME.{lock,log}.
struct JobFiles {
    let lock: String
    let log: String

    init(state: String, name: String) {
        lock = "\(state)/stackrun/locks/\(name).lock"
        log = "\(state)/stackrun/logs/\(name).log"
    }

    static func stateDirectory(environment: (String) -> String?) -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") { return state }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.local/state" }
        return nil
    }
}
