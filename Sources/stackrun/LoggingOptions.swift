import ArgumentParser
import Logging
import Runtime

struct LoggingOptions: ParsableArguments {
    @Option(help: "Least severe log records shown: debug, info, warning or error.")
    var logLevel: LogLevelName = .info

    @Option(help: "Log records as text (for people) or json (for collectors): then every line stackrun writes on stderr is a JSON record, errors included.")
    var logFormat: LogFormatName = .text

    var format: LogLineHandler.Format { logFormat == .json ? .json : .text }

    /// `debug`: --debug was given, which shows debug records whatever --log-level says.
    func bootstrap(debug: Bool = false) {
        let level = debug ? min(logLevel.level, .debug) : logLevel.level
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
