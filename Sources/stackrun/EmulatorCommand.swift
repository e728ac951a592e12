import ArgumentParser
import Glibc
import Runtime

/// `stackrun emulator ...` runs the `stackrun-emulator` executable installed next to this one.
/// The emulator is its own binary because it is built on SwiftNIO and Foundation, which the
/// runner keeps out of its start-up path.
struct EmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve an OpenStack API emulator (Keystone, Nova, Cinder, Neutron, Glance).",
        discussion: """
            All options go to stackrun-emulator, the emulator's own executable (installed next to
            stackrun); `stackrun-emulator --help` lists them, and docs/emulator.md explains them.

            Example:
              stackrun emulator --port 5000 --build-seconds 2
            """,
        // `stackrun emulator --help` goes to the emulator, which lists its own options;
        // `stackrun help emulator` still shows this text.
        helpNames: [])

    @Argument(parsing: .allUnrecognized, help: "Options for stackrun-emulator.")
    var options: [String] = []

    func run() throws {
        let path = EmulatorProcess.executablePath()
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + options).map { strdup($0) } + [nil]
        execv(path, &argv)
        throw ValidationError("cannot start \(path): \(String(cString: strerror(errno)))")
    }
}
