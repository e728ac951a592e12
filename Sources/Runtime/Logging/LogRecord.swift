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

    /// The record as one line, without its newline: nothing in it can start another line.
    public func line(_ format: LogLineHandler.Format) -> String {
        let sorted = fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: SecretNames.redacted($0.value, named: $0.key)) }
        switch format {
        case .text: return textLine(sorted)
        case .json: return jsonLine(sorted)
        }
    }

    private func textLine(_ sorted: [(key: String, value: Logger.MetadataValue)]) -> String {
        var line = "\(utcTimestamp()) \(level.rawValue.uppercased()) \(LogValueText.escaped(message))"
        for field in sorted { line += " \(LogValueText.escaped(field.key))=\(LogValueText.text(field.value))" }
        return line
    }

    private func jsonLine(_ sorted: [(key: String, value: Logger.MetadataValue)]) -> String {
        var line = "{\"time\":\"\(utcTimestamp())\",\"level\":\"\(level.rawValue)\",\"logger\":"
        line += LogValueText.quoted(label)
        // The run's own fields: a collector groups a run's records by them.
        let run = LogContext.current
        if let runID = run.runID { line += ",\"run_id\":" + LogValueText.quoted(runID) }
        if let recipe = run.recipe { line += ",\"recipe\":" + LogValueText.quoted(recipe) }
        line += ",\"message\":" + LogValueText.quoted(message)
        var taken: Set<String> = ["time", "level", "logger", "message"]
        if run.runID != nil { taken.insert("run_id") }
        if run.recipe != nil { taken.insert("recipe") }
        for field in sorted where !taken.contains(field.key) {
            line += "," + LogValueText.quoted(field.key) + ":" + LogValueText.json(field.value)
        }
        return line + "}"
    }

    /// Writes the line and its newline to stderr in one piece, so that records logged at once
    /// from different threads do not interleave.
    public func write(_ format: LogLineHandler.Format) {
        var bytes = Array(line(format).utf8)
        bytes.append(0x0A)
        StatusLine.write(bytes)
    }
}
