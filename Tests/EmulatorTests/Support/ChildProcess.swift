import Foundation
import Synchronization

/// The `stackrun-emulator` binary run as a child process, its output collected line by line.
final class ChildProcess: Sendable {
    let process: Process
    private let stdin = Pipe()
    private let output = Output()

    final class Output: Sendable {
        let text = Mutex<(stdout: String, stderr: String)>(("", ""))
    }

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
        process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stdout += text }
        }
        stderr.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.text.withLock { $0.stderr += text }
        }
        try process.run()
    }

    var stdoutText: String { output.text.withLock { $0.stdout } }
    var stderrText: String { output.text.withLock { $0.stderr } }

    /// Waits until stdout contains a full line for which `predicate` holds; returns all lines so far.
    func waitForLine(timeout: Duration = .seconds(20), where predicate: (String) -> Bool) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lines = stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            if lines.contains(where: predicate) { return lines }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WireError.malformed("no such line; stdout: \(stdoutText) stderr: \(stderrText)")
    }

    /// Waits for the process to end; nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    func closeStandardInput() throws {
        try stdin.fileHandleForWriting.close()
    }

    /// Ends the child if a test left it running.
    func kill() {
        if process.isRunning { process.interrupt() }
    }
}
