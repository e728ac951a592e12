/// A crontab schedule: five fields (minute, hour, day of month, month, day of week), each a
/// list of `*`, values, ranges and steps, months and days also by name; or one of cron's
/// `@daily`-style names. Checked before a line is printed, so that a typo is caught here, not
/// by cron silently never running the job.
struct CronSchedule {
    static let nicknames: Set<String> = ["@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
    }

    private static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day of month", range: 1...31, names: []),
        Field(name: "month", range: 1...12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        // 7 is Sunday too, as cron reads it.
        Field(name: "day of week", range: 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    /// The schedule as it goes in the line (fields separated by one space).
    let text: String

    /// Throws the reason when `schedule` is not one cron reads.
    init(_ schedule: String) throws(CronError) {
        let parts = schedule.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if parts.count == 1, parts[0].hasPrefix("@") {
            guard Self.nicknames.contains(parts[0].lowercased()) else {
                throw CronError("'\(parts[0])' is not a schedule cron knows: use one of \(Self.nicknames.sorted().joined(separator: ", "))")
            }
            text = parts[0].lowercased()
            return
        }
        guard parts.count == 5 else {
            throw CronError("a schedule is five fields (minute hour day-of-month month day-of-week) in one argument, "
                + "such as '*/15 * * * *', or @hourly, @daily...: '\(schedule)' has \(parts.count)")
        }
        for (part, field) in zip(parts, Self.fields) {
            for item in part.split(separator: ",", omittingEmptySubsequences: false) {
                guard Self.isValid(String(item), field) else {
                    throw CronError("the \(field.name) field '\(part)' is not valid: each item is *, a value, a range "
                        + "A-B, optionally /STEP, with values \(field.range.lowerBound)-\(field.range.upperBound)"
                        + (field.names.isEmpty ? "" : " or names (\(field.names.prefix(3).joined(separator: ", "))...)"))
                }
            }
        }
        text = parts.joined(separator: " ")
    }

    private static func isValid(_ item: String, _ field: Field) -> Bool {
        let pieces = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if pieces.count == 2 {
            guard let step = Int(pieces[1]), step >= 1, step <= field.range.upperBound else { return false }
        }
        let base = pieces[0]
        if base == "*" { return true }
        let bounds = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let values = bounds.map { value(String($0), field) }
        guard values.allSatisfy({ $0 != nil }) else { return false }
        if values.count == 2 { return values[0]! <= values[1]! }
        return true
    }

    private static func value(_ text: String, _ field: Field) -> Int? {
        if text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), field.range.contains(number) { return number }
        guard let index = field.names.firstIndex(of: text.lowercased()) else { return nil }
        return field.name == "month" ? index + 1 : index
    }
}

struct CronError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
