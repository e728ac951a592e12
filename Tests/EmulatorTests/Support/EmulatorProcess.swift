import Foundation
import Glibc

/// The `stackrun-emulator` binary run as a child process (ChildProcess: posix_spawn, its output
/// in files), with waits that poll and never block a thread of the cooperative pool. Not
/// Foundation's Process: it learns that its child ended from a socket that any child spawned
/// meanwhile may inherit (this test waited 10 s in CI for an exit that had happened), and its
/// run reads past a buffer listing /proc/self/fd (the address sanitizer's finding).
final class EmulatorProcess: Sendable {
    private let child: ChildProcess
    private let directory = "\(TestEnvironment.scratch)/sr-emulator-\(UUID().uuidString.prefix(8))"

    /// The binary SwiftPM built next to the test bundle.
    static var emulatorBinary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("stackrun-emulator")
    }

    init(_ arguments: [String]) throws {
        let binary = Self.emulatorBinary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw WireError.malformed("\(binary.path) is missing: build the stackrun-emulator product first")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        child = try ChildProcess([binary.path] + arguments, outputIn: directory)
    }

    deinit {
        // ChildProcess's own deinit kills and reaps a child still running.
        if !TestEnvironment.keepsFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    var pid: pid_t { child.pid }
    var stdoutText: String { child.stdout }
    var stderrText: String { child.stderr }

    /// Waits until stdout holds a full line for which `predicate` holds; returns all lines so far.
    func waitForLine(timeout: Duration = .seconds(20), where predicate: (String) -> Bool) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lines = stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            if lines.contains(where: predicate) { return lines }
            if child.exitStatus() != nil { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WireError.malformed("no such line; stdout: \(stdoutText) stderr: \(stderrText)")
    }

    /// Waits for the process to end; its exit status, or nil if it still runs after `timeout`.
    func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = child.exitStatus() { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        return child.exitStatus()
    }

    func closeStandardInput() {
        child.closeStandardInput()
    }

    func terminate() {
        child.send(SIGTERM)
    }

    /// Interrupts the child if a test left it running.
    func kill() {
        if child.exitStatus() == nil { child.send(SIGINT) }
    }
}
