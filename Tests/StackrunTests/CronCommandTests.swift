import Foundation
import Testing

/// `stackrun cron` prints a crontab line for the user to install. The line is read back here
/// field by field, then run as cron runs it (`/bin/sh -c` in an empty environment, `\%` made
/// `%`), so that its quoting, environment, lock and log are proven, not just printed.
@Suite("stackrun cron: the crontab line")
struct CronCommandTests {
    static let secret = "cron-secret-\(UUID().uuidString.prefix(8))"

    func cron(_ arguments: [String], state: String, directory: String) throws -> Invocation {
        try stackrun(["cron"] + arguments, environment: [
            "XDG_STATE_HOME": state, "OS_CLOUD": "prod", "OS_PASSWORD": Self.secret, "OS_APPLICATION_CREDENTIAL_SECRET": Self.secret,
            "OS_CLIENT_CONFIG_FILE": "/etc/openstack/my clouds.yaml",
        ], directory: directory)
    }

    @Test("the line has the schedule, the absolute binary, a lock, the JSON log, the environment and no secret; it runs under sh")
    func lineRuns() throws {
        let script = try temporaryScript("return table.concat({...}, '|')", name: "nightly job.lua")
        let directory = URL(fileURLWithPath: script).deletingLastPathComponent().path
        defer { removeScratch(directory) }
        let state = directory + "/state"
        let result = try cron(["0 3 * jan-jun mon-fri", script, "--output", "text", "--timeout", "60", "--", "it's", "50%", "a b"], state: state,
                              directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(Self.secret) && !result.stderr.contains(Self.secret), "a secret was printed")
        #expect(result.stderr.contains("OS_PASSWORD is set but left out"), "\(result.stderr)")
        #expect(result.stderr.contains("OS_APPLICATION_CREDENTIAL_SECRET is set but left out"), "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stdout)")
        let line = String(lines.first ?? "")

        let fields = line.split(separator: " ", maxSplits: 5).map(String.init)
        #expect(fields.prefix(5) == ["0", "3", "*", "jan-jun", "mon-fri"])
        let command = fields.count == 6 ? fields[5] : ""
        let binary = buildDirectory.appendingPathComponent("stackrun").resolvingSymlinksInPath().path
        #expect(command.hasPrefix("cd \(directory) && "), "\(command)")
        #expect(command.contains(" \(binary) run --lock \(state)/stackrun/locks/nightly_job.lock --log-format json --quiet --output text --timeout 60 "),
                "\(command)")
        #expect(command.contains(#" 'it'\''s' 50\% 'a b' "#), "quoted for sh, % escaped for cron: \(command)")
        #expect(command.hasSuffix(" >> \(state)/stackrun/logs/nightly_job.log 2>&1"), "\(command)")
        #expect(command.contains(" OS_CLOUD=prod ") && command.contains(" 'OS_CLIENT_CONFIG_FILE=/etc/openstack/my clouds.yaml' ") == false)
        #expect(command.contains(" OS_CLIENT_CONFIG_FILE='/etc/openstack/my clouds.yaml' "), "\(command)")
        #expect(command.contains(" HOME=") && command.contains(" PATH=") && command.contains(" XDG_STATE_HOME=\(state) "), "\(command)")
        #expect(!command.contains("OS_PASSWORD") && !command.contains("SECRET"))
        for made in ["locks", "logs"] {
            let mode = try FileManager.default.attributesOfItem(atPath: "\(state)/stackrun/\(made)")[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(made)")
        }

        // As cron runs it: sh, an empty environment, `\%` read as `%`.
        let shell = try ChildProcess(["/bin/sh", "-c", command.replacing("\\%", with: "%")], inheriting: false, outputIn: state)
        shell.closeStandardInput()
        #expect(shell.wait() == 0, "\(shell.stderr)")
        let log = try String(contentsOfFile: "\(state)/stackrun/logs/nightly_job.log", encoding: .utf8)
        let logLines = log.split(separator: "\n")
        #expect(logLines.first == "it's|50%|a b", "\(log)")
        let summary = try JSONSerialization.jsonObject(with: Data((logLines.last ?? "").utf8)) as? [String: Any]
        #expect((summary?["summary"] as? [String: Any])?["outcome"] as? String == "success", "\(log)")
        #expect(logLines.count == 2, "--quiet: the result and the summary only: \(log)")
        #expect(FileManager.default.fileExists(atPath: "\(state)/stackrun/locks/nightly_job.lock"))
    }

    @Test("a schedule cron would not read is a usage error", arguments: [
        "61 * * * *", "* * *", "@daly", "* * * 13 *", "*/0 * * * *", "5-1 * * * *", "* * * * mon-sun-x", "mon * * * *",
    ])
    func badSchedule(schedule: String) throws {
        let result = try stackrun(["cron", schedule, "job.lua"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("schedules cron reads are accepted", arguments: ["@daily", "@reboot", "*/15 * * * *", "0 3 1,15 * sun", "0-30/5 9-17 * jan-mar 1-5", "0 0 * * 7"])
    func goodSchedule(schedule: String) throws {
        let state = "\(TestEnvironment.scratch)/sr-cron-\(UUID().uuidString.prefix(8))"
        defer { removeScratch(state) }
        let result = try stackrun(["cron", schedule, "job.lua", "--os-cloud", "prod"], environment: ["XDG_STATE_HOME": state])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(schedule + " cd "), "\(result.stdout)")
    }

    @Test("a recipe's parameters follow its name in the line, the run flags precede it")
    func recipeParameters() throws {
        let state = "\(TestEnvironment.scratch)/sr-cron-\(UUID().uuidString.prefix(8))"
        defer { removeScratch(state) }
        let result = try stackrun(["cron", "@hourly", "ensure-servers", "--param", "count=3", "--timeout", "600", "--param=name=web"],
                                  environment: ["XDG_STATE_HOME": state, "OS_CLOUD": "prod"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" --timeout 600 ensure-servers --param count=3 --param=name=web >> "), "\(result.stdout)")
    }

    @Test("run flags are checked now, and a secret parameter is refused")
    func flagsChecked() throws {
        let bogus = try stackrun(["cron", "@hourly", "job.lua", "--bogus"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr.contains("--bogus"), "\(bogus.stderr)")
        let secret = try stackrun(["cron", "@hourly", "job.lua", "--param", "db_password=\(Self.secret)"])
        #expect(secret.status == 2)
        #expect(secret.stderr.contains("db_password") && !secret.stderr.contains(Self.secret), "\(secret.stderr)")
    }
}
