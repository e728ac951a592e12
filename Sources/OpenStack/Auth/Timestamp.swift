internal import Glibc

/// ISO 8601 timestamps as OpenStack writes them ("2026-12-01T00:25:52.000000Z",
/// "2026-12-01T00:25:52Z", "2026-12-01T00:25:52+00:00"), to seconds since the epoch.
enum Timestamp {
    static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int32(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var seconds = Double(timegm(&parts))
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, let digit = number(index..<(index + 1)) {
                seconds += Double(digit) * scale
                scale /= 10
                index += 1
            }
        }
        if index + 2 < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
           let offsetHours = number((index + 1)..<(index + 3)) {
            let minutesStart = bytes[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
            let offsetMinutes = minutesStart + 2 <= bytes.count ? number(minutesStart..<(minutesStart + 2)) ?? 0 : 0
            let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
            seconds += bytes[index] == UInt8(ascii: "+") ? -offset : offset
        }
        return seconds
    }

    /// "2026-12-06T13:35:12Z": seconds since the epoch as UTC, to the second.
    static func text(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Seconds since the epoch on the wall clock.
    static func now() -> Double {
        var value = timespec()
        clock_gettime(CLOCK_REALTIME, &value)
        return Double(value.tv_sec) + Double(value.tv_nsec) / 1e9
    }
}
