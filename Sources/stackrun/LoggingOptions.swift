import ArgumentParser
import Logging
import Runtime

struct LoggingOptions: ParsableArguments {
    @Option(help: "Least severe log records shown: debug, info, warning or error.")
    var logLevel: LogLevelName = .info

    @Option(help: "Log records as text (for people) or json (for collectors): then every line stackrun writes on stderr is a JSON record, errors included.")
    var logFormat: LogFormatName = .text

    @Flag(help: "Print only errors (and the run summary) on stderr, whatever --log-level says.")
    var quiet = false

    var format: LogLineHandler.Format { logFormat == .json ? .json : .text }

    /// What stackrun itself prints on stderr in this format, quiet or not.
    var diagnostics: Diagnostics { Diagnostics(format: format, quiet: quiet) }

    /// `debug`: --debug was given, which shows debug records whatever --log-level says (unless
    /// --quiet, which wins: a cron job asked for errors only).
    func bootstrap(debug: Bool = false) {
        let asked = debug ? min(logLevel.level, .debug) : logLevel.level
        let level = quiet ? max(asked, .error) : asked
        let format = format
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, level: level, format: format) }
        CrashLines.follow(format)
    }

    /// The format asked for on a command line that could not be parsed, so that even its usage
    /// error reaches a log collector as JSON: `--log-format json` or `--log-format=json`
    /// anywhere before a `--`.
    static func requestedFormat(in arguments: [String]) -> LogLineHandler.Format {
        let options = arguments.prefix { $0 != "--" }
        let asked = zip(options, options.dropFirst()).contains { $0 == "--log-format" && $1 == "json" }
        return asked || options.contains("--log-format=json") ? .json : .text
    }
}

enum LogLevelName: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, warn, error, critical

    var level: Logger.Level {
        switch self {
        case .warn: .warning
        default: Logger.Level(rawValue: rawValue) ?? .info
        }
    }
}

enum LogFormatName: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
