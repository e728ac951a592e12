import ArgumentParser
import Glibc
import Logging
import Runtime
import SystemIO
import Transport

/// The options a job run from cron needs: one run at a time, and an account of each run.
struct JobOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Take an exclusive lock on this file (made 0600) before the script runs; "
        + "if another run holds it, exit at once with 75.", valueName: "file"))
    var lock: String?

    @Option(name: .customLong("wait-lock"),
            help: ArgumentHelp("With --lock: wait at most this long for the lock before giving up with 75.", valueName: "seconds"))
    var waitLock: Double?

    @Option(help: ArgumentHelp("Wait a random time of up to this many seconds before starting (and before --lock), so that "
        + "hosts running the same job on the same schedule do not all call the cloud at once.", valueName: "seconds"))
    var jitter: Double?

    @Flag(help: "Print the run summary as the last line on stderr (always printed with --log-format json or --quiet).")
    var summary = false

    @Flag(name: .customLong("quiet-success"),
          help: "Print nothing on stderr if the run succeeds; if it fails, print its whole log then (chronic's behaviour, for cron's mail).")
    var quietSuccess = false

    @Option(help: ArgumentHelp("Keep this many runs of the job in the run history (see `stackrun runs`).", valueName: "n"))
    var keep: Int = RunHistory.defaultKeep

    @Flag(name: .customLong("no-history"), help: "Keep no record of this run in the run history.")
    var noHistory = false

    @Option(name: .customLong("metrics-file"),
            help: ArgumentHelp("At the end of the run, write the job's Prometheus metrics to this file, atomically "
                + "(for node_exporter's textfile collector; one file per job).", valueName: "file"))
    var metricsFile: String?

    @Option(help: ArgumentHelp("Ping this health-check URL (healthchecks.io's protocol): URL/start when the run starts, "
        + "URL or URL/fail when it ends, with the log's tail. A failed ping is a warning, never the job's failure.", valueName: "url"))
    var ping: String?

    @Option(name: .customLong("ping-file"),
            help: ArgumentHelp("Like --ping, with the URL read from this file: a ping URL is a key, and a command line is "
                + "readable by every local user (ps, /proc, systemctl show) and goes into crontab lines.", valueName: "file"))
    var pingFile: String?

    @Flag(name: .customLong("ping-exit-code"), help: "With --ping or --ping-file: end with URL/EXIT_STATUS instead of URL or URL/fail.")
    var pingExitCode = false

    func validate() throws {
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
        if let waitLock {
            guard lock != nil else { throw ValidationError("--wait-lock needs --lock") }
            guard waitLock >= 0, waitLock.isFinite else { throw ValidationError("--wait-lock must be a number of seconds, 0 or more") }
        }
        if let lock, lock.isEmpty { throw ValidationError("--lock needs a file name") }
        if let jitter, !(jitter >= 0 && jitter <= 86_400) { throw ValidationError("--jitter must be a number of seconds from 0 to 86400 (a day)") }
        if let metricsFile, metricsFile.isEmpty { throw ValidationError("--metrics-file needs a file name") }
        if pingExitCode, ping == nil, pingFile == nil { throw ValidationError("--ping-exit-code needs --ping or --ping-file") }
        if ping != nil, pingFile != nil { throw ValidationError("--ping and --ping-file cannot both be given") }
        if let pingFile, pingFile.isEmpty { throw ValidationError("--ping-file needs a file name") }
        if let ping, let problem = Self.problem(pingURL: ping) { throw ValidationError("--ping \(problem)") }
    }
}

extension JobOptions {
    /// Sleeps a uniformly random part of --jitter (systemd's RandomizedDelaySec=), saying how
    /// long first. Before the event loop runs: SIGINT and SIGTERM end the wait as they end any
    /// process, and nothing has started yet that would need cleaning up.
    func waitJitter() {
        guard let jitter, jitter > 0 else { return }
        let seconds = Double.random(in: 0..<jitter)
        Logger(label: "stackrun").info("--jitter: starting in \((seconds * 10).rounded() / 10) s")
        Pause.sleep(seconds: seconds)
    }
}

extension JobOptions {
    /// Why `url` cannot be a ping URL; nil when it can. Never quotes it: it holds a key.
    static func problem(pingURL url: String) -> String? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), URLOrigin(url) != nil else {
            return "needs an http or https URL"
        }
        // /start, /fail and ?rid= are added to it: a query or fragment would swallow them.
        guard !url.contains("?"), !url.contains("#") else { return "needs a URL without a query or a fragment" }
        return nil
    }

    /// The ping URL of --ping, or read from --ping-file (its first line); throws a usage
    /// problem naming the file, never the URL.
    func pingURL() throws(ValidationError) -> String? {
        guard let pingFile else { return ping }
        let path = RunJournals.absolute(pingFile)
        let bytes: [UInt8]
        do {
            bytes = try POSIXFile.readAll(path)
        } catch {
            throw ValidationError("cannot read --ping-file \(pingFile): \(error.reason)")
        }
        let firstLine = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first ?? ""
        let url = String(firstLine.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if let problem = Self.problem(pingURL: url) { throw ValidationError("--ping-file \(pingFile) \(problem)") }
        return url
    }
}
