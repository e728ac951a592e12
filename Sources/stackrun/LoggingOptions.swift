import ArgumentParser
import Logging
import Runtime

struct LoggingOptions: ParsableArguments {
    @Option(help: "Least severe log records shown: debug, info, warning or error.")
    var logLevel: LogLevelName = .info

    @Option(help: "Log records as text (for people) or json (for collectors).")
    var logFormat: LogFormatName = .text

    func bootstrap() {
        let level = logLevel.level
        let format: LogLineHandler.Format = logFormat == .json ? .json : .text
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, level: level, format: format) }
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
