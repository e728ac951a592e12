import Foundation
import Glibc

/// Tests/Fixtures, found from this file's own path.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

/// Tests/Fixtures/test_server.py with --pings: every request to /ping/... it receives is
/// recorded in a file, in the order received, before it is answered. Started with posix_spawn
/// (ChildProcess), not Foundation's Process: while a Process child of ours was running, the
/// `stackrun` runs started with Process were never seen to end (the test hung on a zombie).
final class PingRecorder {
    let port: Int
    private let process: ChildProcess
    private let directory = "\(TestEnvironment.scratch)/sr-pings-\(UUID().uuidString.prefix(8))"
    private var file: String { directory + "/pings.jsonl" }

    init() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        process = try ChildProcess(["/usr/bin/python3", fixturesDirectory + "/test_server.py", "--pings", directory + "/pings.jsonl"],
                                   outputIn: directory)
        guard await process.waitFor("PORT ", in: \.stdout, seconds: 60),
              let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
              let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) else {
            process.send(SIGKILL)
            process.wait()
            throw ChildProcess.SpawnError(description: "the ping server did not start: \(process.stderr)")
        }
        self.port = port
    }

    /// "http://127.0.0.1:PORT/ping/<check>".
    func url(_ check: String) -> String { "http://127.0.0.1:\(port)/ping/\(check)" }

    /// What it received: method, path (with the query) and body of each ping.
    func pings() -> [(method: String, path: String, body: String)] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] else { return nil }
            return (record["method"] ?? "", record["path"] ?? "", record["body"] ?? "")
        }
    }

    func stop() {
        // SIGKILL, as TestServer does: a handler thread stuck in /hang outlives SIGTERM.
        process.send(SIGKILL)
        process.wait()
        removeScratch(directory)
    }
}

/// A loopback port nothing listens on: bound, then closed (connections to it are refused).
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The official Prometheus text-format parser, prometheus_client's, run from the virtualenv
/// scripts/test.sh makes (STACKRUN_PROMETHEUS_PYTHON), else from its default place.
enum PrometheusParser {
    struct Family {
        var name: String
        var type: String
        var samples: [(name: String, labels: [String: String], value: Double)]
    }

    static let python: String? = {
        if let given = ProcessInfo.processInfo.environment["STACKRUN_PROMETHEUS_PYTHON"], !given.isEmpty { return given }
        let path = NSHomeDirectory() + "/.cache/stackrun/prom-venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// The families the parser read; throws what it printed when it refused the file.
    static func parse(_ path: String) throws -> [String: Family] {
        let directory = "\(TestEnvironment.scratch)/sr-parse-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { removeScratch(directory) }
        let parser = try ChildProcess([python ?? "/nonexistent", fixturesDirectory + "/parse_metrics.py", path], outputIn: directory)
        parser.closeStandardInput()
        let status = parser.wait()
        let problem = parser.stderr
        guard status == 0,
              let document = try JSONSerialization.jsonObject(with: Data(parser.stdoutBytes)) as? [String: Any],
              let families = document["families"] as? [[String: Any]] else {
            throw ParseFailure(description: problem)
        }
        var read: [String: Family] = [:]
        for family in families {
            let samples = (family["samples"] as? [[String: Any]] ?? []).map { sample in
                (name: sample["name"] as? String ?? "", labels: sample["labels"] as? [String: String] ?? [:],
                 value: (sample["value"] as? NSNumber)?.doubleValue ?? .nan)
            }
            let name = family["name"] as? String ?? ""
            read[name] = Family(name: name, type: family["type"] as? String ?? "", samples: samples)
        }
        return read
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var description: String
    }
}
