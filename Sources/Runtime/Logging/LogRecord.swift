public import Logging
public import JSONValue
internal import Glibc

/// One record on stderr, as a line of text for people or of JSON for log collectors. Fields
/// whose names hold secrets are masked, at any depth, before anything is written.
public struct LogRecord {
    public var level: Logger.Level
    /// The logger's label: "stackrun.script" for the script's records, "stackrun" for the run's.
    public var label: String
    public var message: String
    public var fields: Logger.Metadata

    public init(level: Logger.Level, label: String, message: String, fields: Logger.Metadata = [:]) {
        self.level = level
        self.label = label
        self.message = message
        self.fields = fields
    }

    /// A JSON value as a field: numbers, booleans and null keep their type in JSON lines.
    public static func field(_ value: JSON) -> Logger.MetadataValue { LogValueText.metadata(value) }

    /// The record as one line, without its newline: nothing in it can start another line. At
    /// most OutputLimits.logRecordBytes long: a longer one has its longest parts cut and says
    /// how much was cut (LogRecord+Bound).
    public func line(_ format: LogLineHandler.Format) -> String {
        let sorted = fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: SecretNames.redacted($0.value, named: $0.key)) }
        let time = utcTimestamp()
        let full = switch format {
        case .text: textLine(sorted, time: time)
        case .json: jsonLine(sorted, time: time)
        }
        let size = full.utf8.count
        guard size > OutputLimits.logRecordBytes else { return full }
        return boundedLine(format, sorted, time: time, fullSize: size)
    }

    private func textLine(_ sorted: [Field], time: String) -> String {
        var line = "\(time) \(level.rawValue.uppercased()) \(LogValueText.escaped(message))"
        for field in sorted { line += " \(LogValueText.escaped(field.key))=\(LogValueText.text(field.value))" }
        return line
    }

    private func jsonLine(_ sorted: [Field], time: String) -> String {
        var line = jsonPrefix(time: time) + ",\"message\":" + LogValueText.quoted(message)
        for field in sorted where !Self.jsonReservedKeys.contains(field.key) {
            line += "," + LogValueText.quoted(field.key) + ":" + LogValueText.json(field.value)
        }
        return line + "}"
    }

    typealias Field = (key: String, value: Logger.MetadataValue)

    /// Names a JSON line gives the record's own parts: fields of these names are left out.
    static let jsonReservedKeys: Set<String> = ["time", "level", "logger", "message", "run_id", "recipe"]

    /// The record's own parts up to the message, with the run's fields (LogContext): a
    /// collector groups a run's records by them.
    func jsonPrefix(time: String) -> String {
        var prefix = "{\"time\":\"\(time)\",\"level\":\"\(level.rawValue)\",\"logger\":" + LogValueText.quoted(label)
        let run = LogContext.current
        if let runID = run.runID { prefix += ",\"run_id\":" + LogValueText.quoted(runID) }
        if let recipe = run.recipe { prefix += ",\"recipe\":" + LogValueText.quoted(recipe) }
        return prefix
    }

    /// Writes the line and its newline to stderr in one piece, so that records logged at once
    /// from different threads do not interleave.
    public func write(_ format: LogLineHandler.Format) {
        var bytes = Array(line(format).utf8)
        bytes.append(0x0A)
        StatusLine.write(bytes)
    }
}
