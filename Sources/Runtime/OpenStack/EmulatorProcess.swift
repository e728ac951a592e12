internal import Glibc
import OpenStack
import SystemIO
import Transport

/// The built-in emulator, started as a child process (`stackrun-emulator --port 0 --ready-line
/// --exit-on-stdin-eof`) when a run asks for it (`--emulator`, STACKRUN_EMULATOR=1,
/// `keystone.auth{emulator = true}`). It is a separate
/// binary because it is built on SwiftNIO and Foundation, which `stackrun` keeps out. Its stdin
/// is a pipe this process holds open: when stackrun exits, for whatever reason, the pipe closes
/// and the emulator exits too.
public final class EmulatorProcess: Sendable {
    let baseURL: String
    /// Its stdin and stdout pipes stay open for the life of this process: stdin so that the
    /// emulator exits when we do, stdout (not read past the ready line) so that what it prints
    /// after it, its banner, has somewhere to go: a closed pipe would make its writes fail.
    let child: SpawnedProcess

    private init(baseURL: String, child: SpawnedProcess) {
        self.baseURL = baseURL
        self.child = child
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
        if let me = POSIXFile.currentExecutable(), let slash = me.lastIndex(of: "/") {
            let candidate = String(me[..<slash]) + "/stackrun-emulator"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return "stackrun-emulator"
    }

    private static func spawn(_ binary: String) -> Result<EmulatorProcess, OpenStackError> {
        let child: SpawnedProcess
        do {
            child = try SpawnedProcess.spawn([binary, "--port", "0", "--ready-line", "--exit-on-stdin-eof"])
        } catch {
            return .failure(failure("\(error) (install stackrun-emulator next to stackrun, or set STACKRUN_EMULATOR_BINARY)"))
        }
        guard let line = child.readLine(timeoutSeconds: 30), line.hasPrefix("ready ") else {
            child.kill()
            child.closePipes()
            child.wait()
            return .failure(failure("\(binary) did not report that it was ready"))
        }
        return .success(EmulatorProcess(baseURL: String(line.dropFirst(6)), child: child))
    }

    private static func failure(_ message: String) -> OpenStackError {
        OpenStackError(.configuration, "the built-in emulator: \(message)")
    }

    /// The configuration of its seeded admin user, whose password is "admin" unless
    /// STACKRUN_EMULATOR_PASSWORD (which the child inherits) says otherwise.
    var cloudConfig: CloudConfig {
        let password = getenv("STACKRUN_EMULATOR_PASSWORD").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "admin"
        return CloudConfig(
            name: "emulator", authURL: baseURL + "/identity",
            auth: .password(user: UserReference(name: "admin", domainName: "Default"), password: Secret(password)),
            scope: .project(id: nil, name: "admin", domainID: nil, domainName: "Default"), region: "RegionOne")
    }
}
