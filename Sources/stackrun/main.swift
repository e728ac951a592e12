import ArgumentParser
import Glibc

// Usage errors exit with 2 (argument-parser's default is 64) so that the codes documented in
// --help hold: parsing and validation failures are told apart from errors the commands throw.
let command: any ParsableCommand
do {
    command = try Stackrun.parseAsRoot()
} catch {
    if Stackrun.exitCode(for: error) == .success { Stackrun.exit(withError: error) }
    let message = Stackrun.fullMessage(for: error)
    StandardError.write(message)
    exit(2)
}
do {
    var runnable = command
    try runnable.run()
} catch {
    Stackrun.exit(withError: error)
}
