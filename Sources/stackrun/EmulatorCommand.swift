import ArgumentParser
import Glibc

/// `stackrun emulator ...` runs the `stackrun-emulator` executable installed next to this one.
/// The emulator is its own binary because it is built on SwiftNIO and Foundation, which the
/// runner keeps out of its start-up path.
struct EmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve an OpenStack API emulator (Keystone, Nova, Cinder, Neutron, Glance).",
        discussion: """
            All options go to stackrun-emulator; see `stackrun emulator --help`.

            Example:
              stackrun emulator --port 5000 --build-seconds 2
            """)

    @Argument(parsing: .allUnrecognized, help: "Options for stackrun-emulator.")
    var options: [String] = []

    func run() throws {
        let path = EmulatorBinary.path()
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + options).map { strdup($0) } + [nil]
        execv(path, &argv)
        throw ValidationError("cannot start \(path): \(String(cString: strerror(errno)))")
    }
}

enum EmulatorBinary {
    /// stackrun-emulator beside the running stackrun binary, or else on PATH.
    static func path() -> String {
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
}
