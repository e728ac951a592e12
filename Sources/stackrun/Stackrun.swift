import ArgumentParser
import Runtime

/// The command line: thin on purpose. Each subcommand parses, then hands over to Runtime.
struct Stackrun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stackrun",
        abstract: "Run Lua scripts that provision and operate OpenStack clouds.",
        discussion: """
            Examples:
              stackrun run deploy.lua web 3        run a script (arguments in arg[1], arg[2])
              stackrun run network-stack --param name=web   run a recipe by name
              stackrun recipe list                 the recipes along the recipe path
              stackrun run --timeout 600 job.lua   cancel every task after 10 minutes
              stackrun run --rollback-on-failure x.lua   delete what x.lua made if it fails
              stackrun cron '@hourly' job.lua    print a crontab line for a job
              stackrun runs                        recent runs from the run history
              stackrun cleanup JOURNAL             delete what a run made, from its journal
              stackrun check *.lua                 report syntax errors without running
              stackrun emulator --port 5000        serve an OpenStack emulator on loopback
              stackrun version                     print versions

            Exit status:
            \(ExitStatus.helpTable)
            """,
        version: StackrunVersion.text,
        subcommands: [Run.self, RecipeCommand.self, CronCommand.self, RunsCommand.self, CleanupCommand.self, Check.self, EmulatorCommand.self,
                      VersionCommand.self]
    )
}

extension ExitStatus {
    /// "  75    another stackrun holds the lock..." per status: --help's table, made from the
    /// statuses themselves so that it cannot drift from them.
    static var helpTable: String {
        allCases.map { "  \(String($0.rawValue).padding(to: 5)) \($0.meaning)" }.joined(separator: "\n")
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
