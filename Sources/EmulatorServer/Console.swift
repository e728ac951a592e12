import Foundation

/// Writes whole lines, unbuffered, so that a parent process reading a pipe sees them at once.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("stackrun-emulator: " + text + "\n").utf8))
    }
}
