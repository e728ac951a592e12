internal import Glibc
import OpenStack
import Transport

/// The built-in emulator, started as a child process (`stackrun-emulator --port 0 --ready-line
/// --exit-on-stdin-eof`) when a run asks for it (`--emulator`, STACKRUN_EMULATOR=1,
/// `keystone.auth{emulator = true}`). It is a separate
/// binary because it is built on SwiftNIO and Foundation, which `stackrun` keeps out. Its stdin
/// is a pipe this process holds open: when stackrun exits, for whatever reason, the pipe closes
/// and the emulator exits too.
public final class EmulatorProcess: Sendable {
    let baseURL: String
    let pid: pid_t
    private let stdinWriteEnd: Int32
    /// Kept open (and not read further) so that what it prints after the ready line, its banner,
    /// has somewhere to go: a closed pipe would make its writes fail.
    private let stdoutReadEnd: Int32

    private init(baseURL: String, pid: pid_t, stdinWriteEnd: Int32, stdoutReadEnd: Int32) {
        self.baseURL = baseURL
        self.pid = pid
        self.stdinWriteEnd = stdinWriteEnd
        self.stdoutReadEnd = stdoutReadEnd
    }

    /// Starts the emulator and waits (off the loop thread) for its ready line.
    static func start() async throws(OpenStackError) -> EmulatorProcess {
        let binary = executablePath()
        let result = await Task.detached { () -> Result<EmulatorProcess, OpenStackError> in spawn(binary) }.value
        return try result.get()
    }

    /// `stackrun-emulator`: STACKRUN_EMULATOR_BINARY, else next to the running binary, else on PATH.
    public static func executablePath() -> String {
        if let explicit = getenv("STACKRUN_EMULATOR_BINARY") { return String(cString: explicit) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let me = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let slash = me.lastIndex(of: "/") {
                let candidate = String(me[..<slash]) + "/stackrun-emulator"
                if access(candidate, X_OK) == 0 { return candidate }
            }
        }
        return "stackrun-emulator"
    }

    private static func spawn(_ binary: String) -> Result<EmulatorProcess, OpenStackError> {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&output) == 0 else { return .failure(failure("cannot create pipes")) }
        _ = fcntl(input[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(output[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        let arguments = [binary, "--port", "0", "--ready-line", "--exit-on-stdin-eof"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, binary, &actions, nil, &argv, environ)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            return .failure(failure("cannot start \(binary): \(String(cString: strerror(status))) (install stackrun-emulator next to stackrun, or set STACKRUN_EMULATOR_BINARY)"))
        }
        guard let line = readLine(output[0], timeoutSeconds: 30), line.hasPrefix("ready ") else {
            kill(pid, SIGTERM)
            close(input[1])
            close(output[0])
            return .failure(failure("\(binary) did not report that it was ready"))
        }
        return .success(EmulatorProcess(baseURL: String(line.dropFirst(6)), pid: pid, stdinWriteEnd: input[1], stdoutReadEnd: output[0]))
    }

    /// The first line written to `fd`, waiting at most `timeoutSeconds`.
    private static func readLine(_ fd: Int32, timeoutSeconds: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 4096 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeoutSeconds * 1000) > 0, read(fd, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    private static func failure(_ message: String) -> OpenStackError {
        OpenStackError(.configuration, "the built-in emulator: \(message)")
    }

    /// The configuration of its seeded admin user.
    var cloudConfig: CloudConfig {
        CloudConfig(
            name: "emulator", authURL: baseURL + "/identity",
            auth: .password(user: UserReference(name: "admin", domainName: "Default"), password: Secret("admin")),
            scope: .project(id: nil, name: "admin", domainID: nil, domainName: "Default"), region: "RegionOne")
    }
}
