import ArgumentParser
import Runtime

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here: otherwise argument-parser derives it from the type name with
        // String(describing:), which demangles at every start (docs/performance.md).
        commandName: "check",
        abstract: "Compile scripts without running them.",
        discussion: """
            Prints each syntax error as file:line: message and exits with 1 if there is any.

            Example:
              stackrun check scripts/examples/*.lua
            """)

    @Argument(help: "The Lua scripts to check.")
    var scripts: [String]

    func validate() throws {
        if scripts.isEmpty { throw ValidationError("give at least one script to check") }
    }

    func run() throws {
        var failed = false
        for script in scripts {
            if let error = Runtime.syntaxError(inFile: script) {
                print(error)
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.scriptError.rawValue) }
    }
}
