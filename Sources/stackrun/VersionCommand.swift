import ArgumentParser
import Runtime

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the versions of stackrun, Lua and libcurl.",
        discussion: "Example:\n  stackrun version")

    func run() throws {
        print(StackrunVersion.text)
        print(StackrunVersion.components)
    }
}
