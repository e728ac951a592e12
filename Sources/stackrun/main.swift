import ArgumentParser
import Glibc

// Usage errors exit with 2 (argument-parser's default is 64) so that the codes documented in
// --help hold: parsing and validation failures are told apart from errors the commands throw.
let command: any ParsableCommand
do {
    command = try Stackrun.parseAsRoot()
} catch {
    if Stackrun.exitCode(for: error) == .success { Stackrun.exit(withError: error) }
    let diagnostics = Diagnostics(format: LoggingOptions.requestedFormat(in: CommandLine.arguments))
    diagnostics.usageError(message: Stackrun.message(for: error), fullText: Stackrun.fullMessage(for: error))
    exit(2)
}
do {
    var runnable = command
    try runnable.run()
} catch {
    Stackrun.exit(withError: error)
}
