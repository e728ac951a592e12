import ArgumentParser
import Glibc

// Usage errors exit with 2 (argument-parser's default is 64) so that the codes documented in
// --help hold: parsing and validation failures are told apart from errors the commands throw.
// `stackrun run` with options this program reads by hand skips argument-parser's reflection, two
// thirds of an empty run's start-up (FastRunArguments); anything else, errors included, goes to
// argument-parser.
let command: any ParsableCommand
if let run = FastRunArguments.parse(CommandLine.arguments) {
    command = run
} else {
    do {
        command = try Stackrun.parseAsRoot()
    } catch {
        if Stackrun.exitCode(for: error) == .success { Stackrun.exit(withError: error) }
        let diagnostics = Diagnostics(format: LoggingOptions.requestedFormat(in: CommandLine.arguments))
        diagnostics.usageError(message: Stackrun.message(for: error), fullText: Stackrun.fullMessage(for: error))
        exit(2)
    }
}
do {
    var runnable = command
    try runnable.run()
} catch let code as ExitCode {
    // What exit(withError:) does with an ExitCode (print nothing, exit with it), without the
    // usage text it renders first and then drops: 3 M instructions, a sixth of an empty run.
    exit(code.rawValue)
} catch {
    Stackrun.exit(withError: error)
}
