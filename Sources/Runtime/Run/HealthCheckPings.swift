internal import Transport
internal import SystemIO

/// `--ping URL`: tells a health-check service (healthchecks.io's protocol, which Cronitor,
/// Uptime Kuma and others accept) that the job started and how it ended: `URL/start`, then
/// `URL` on success or `URL/fail` on failure (or `URL/<exit code>`), each with `?rid=` so the
/// service pairs a run's start with its end. The end carries the log tail as its body.
///
/// A ping never fails the job and barely delays it: two attempts within 2.5 s, then a warning.
/// The warning names only the host: a ping URL holds its check's secret (a UUID or ping key)
/// in its path, and whoever has it can ping for the job.
public struct HealthCheckPings: Sendable {
    public enum Event: Sendable {
        case start
        case end(ExitStatus)
    }

    /// The URL without a trailing slash.
    public let url: String
    /// A UUID derived from the run id: healthchecks.io takes only a canonical lower-case UUID
    /// as a run id, which stackrun's ("20261206T174811Z-1a2b3c4d") is not.
    public let rid: String
    public let runID: String
    /// `--ping-exit-code`: the end is `URL/<status>` whatever the outcome.
    public let sendsExitCode: Bool

    /// Seconds one ping may take, both attempts and the pause between them.
    static let budget = 2.5
    static let firstAttempt = 1.5
    static let pause = 0.25
    /// The most log a ping carries: healthchecks.io keeps 10 kB of a body,
    /// and the body's first line names the run.
    public static let logLimit = 10_000 - 100

    public init(url: String, runID: String, sendsExitCode: Bool) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.runID = runID
        self.sendsExitCode = sendsExitCode
        rid = Self.uuid(from: runID)
    }

    /// The address of `event`'s ping.
    public func address(_ event: Event) -> String {
        switch event {
        case .start: "\(url)/start?rid=\(rid)"
        case .end(let status) where sendsExitCode: "\(url)/\(status.rawValue)?rid=\(rid)"
        case .end(.success): "\(url)?rid=\(rid)"
        case .end: "\(url)/fail?rid=\(rid)"
        }
    }

    /// Sends the ping; returns nil when it was received, else the warning to give (never an
    /// error: a ping does not fail the job). `log` is the end's body.
    @LoopActor
    public func send(_ event: Event, log: String = "") async -> String? {
        var request = HTTPRequest(method: "GET", url: address(event), headers: ["User-Agent": StackrunVersion.text])
        if case .end = event {
            request.method = "POST"
            request.headers.set("Content-Type", "text/plain; charset=utf-8")
            request.body = .bytes(Array("stackrun run \(runID)\n\(log)".utf8))
        }
        // The same ping twice is one ping to the service: the run id says which run it is.
        request.isIdempotent = true
        request.output = .memory(limit: 64 << 10)
        let deadline = Double(monotonicNanoseconds()) / 1e9 + Self.budget
        var problem = ""
        for attempt in 1...2 {
            let left = deadline - Double(monotonicNanoseconds()) / 1e9
            guard left > 0.05 else { break }
            let seconds = attempt == 1 ? min(Self.firstAttempt, left) : left
            request.timeouts = .init(connect: seconds, total: seconds)
            do {
                let response = try await EventLoop.shared.perform(request)
                if (200..<300).contains(response.status) { return nil }
                problem = "answered \(response.status)"
                // A refusal (a wrong URL, an unknown check) is not going to change in a second.
                if response.status < 500 { break }
            } catch {
                problem = error.kind.summary
            }
            if attempt == 1 { try? await EventLoop.shared.sleep(seconds: min(Self.pause, max(0, deadline - Double(monotonicNanoseconds()) / 1e9))) }
        }
        let host = URLOrigin(url)?.description ?? "the ping URL"
        return "health-check ping (\(Self.name(event))) to \(host) failed: \(problem); the run goes on"
    }

    private static func name(_ event: Event) -> String {
        switch event {
        case .start: "start"
        case .end: "end"
        }
    }

    /// A version-8 UUID (RFC 9562: made by the application) from the run id's SHA-256.
    static func uuid(from runID: String) -> String {
        var bytes = Array(SHA256.digest(Array(runID.utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        let digits = Array("0123456789abcdef")
        let hex = String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}
