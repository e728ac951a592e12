/// Prometheus's text exposition format (version 0.0.4), as node_exporter's textfile collector
/// reads it: `# HELP` and `# TYPE` lines, then one `name{label="value",...} number` line per
/// series. Only what a job's metrics file needs: writing families, and reading back the values
/// of a file this code wrote.
struct PrometheusText {
    enum Kind: String {
        case gauge, counter
    }

    private(set) var text = ""

    /// A family's HELP and TYPE lines, then its samples; `samples` are label sets (in the order
    /// given: the same labels come out the same, so a series reads back by its text) and values.
    mutating func family(_ name: String, _ kind: Kind, help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
        text += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples { text += Self.series(name, sample.labels) + " " + Self.number(sample.value) + "\n" }
    }

    /// `name{a="1",b="2"}`: a series' identity, as written.
    static func series(_ name: String, _ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return name }
        return name + "{" + labels.map { "\($0.0)=\"\(escapedLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value: backslash, double quote and line feed escaped, as the format says.
    static func escapedLabel(_ value: String) -> String { escaped(value, quote: true) }

    /// HELP text: backslash and line feed escaped (a double quote stays as it is there).
    static func escapedHelp(_ value: String) -> String { escaped(value, quote: false) }

    private static func escaped(_ value: String, quote: Bool) -> String {
        // By scalar: "\r\n" is one Character, whose line feed must be escaped all the same.
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"" where quote: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Whole numbers without a fraction ("12", not "12.0"); others as Swift writes a Double
    /// (the shortest text that reads back as the same number, which Prometheus parses).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The values of a file in this format by series text (`name{labels}`): comments skipped,
    /// a line without a readable number skipped, an optional timestamp after the value ignored.
    /// A label value holding a space would split the line wrongly, so the series is taken up to
    /// its closing brace when it has labels.
    static func values(in text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let series: Substring
            if let brace = line.firstIndex(of: "{") {
                guard let close = line[brace...].lastIndex(of: "}") else { continue }
                series = line[...close]
            } else {
                guard let space = line.firstIndex(of: " ") else { continue }
                series = line[..<space]
            }
            let rest = line[series.endIndex...].split(separator: " ")
            guard let first = rest.first, let value = Double(first) else { continue }
            values[String(series)] = value
        }
        return values
    }
}
