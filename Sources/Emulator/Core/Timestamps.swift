public import Foundation
import Glibc

/// The timestamp spellings the services use; they differ, and clients parse what they get.
public enum TimestampStyle: Sendable {
    /// `2026-12-01T00:25:52.000000Z`: Keystone's token times.
    case microsecondsZ
    /// `2026-12-01T00:25:52.000000`: Keystone's application credentials, Cinder's resources.
    case microseconds
    /// `2026-12-01T00:25:52Z`: Nova, Neutron, Glance.
    case secondsZ
    /// `2026-12-01T00:25:52`: Nova's flavors and some older fields.
    case seconds
}

public enum Timestamp {
    public static func format(_ date: Date, _ style: TimestampStyle) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        let micros = Int(((interval - interval.rounded(.down)) * 1_000_000).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let base = pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
        switch style {
        case .microsecondsZ: return base + "." + pad(micros, 6) + "Z"
        case .microseconds: return base + "." + pad(micros, 6)
        case .secondsZ: return base + "Z"
        case .seconds: return base
        }
    }

    /// Parses the ISO 8601 forms clients send (`expires_at`, `changes-since`): date and time,
    /// optional fraction, optional `Z` or `±hh:mm`. Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let scanner = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scanner.count else { return nil }
            var value = 0
            for byte in scanner[index..<index + digits] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < scanner.count, characters.utf8.contains(scanner[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if index < scanner.count {
            guard expect("Tt "), let h = number(2), expect(":"), let m = number(2) else { return nil }
            hour = h
            minute = m
            if index < scanner.count, scanner[index] == UInt8(ascii: ":") {
                index += 1
                guard let s = number(2) else { return nil }
                second = s
            }
            if index < scanner.count, scanner[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 0.1
                while index < scanner.count, scanner[index] >= 48 && scanner[index] <= 57 {
                    fraction += Double(scanner[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        var offset = 0
        if index < scanner.count {
            if expect("Zz") {
            } else if index < scanner.count, scanner[index] == UInt8(ascii: "+") || scanner[index] == UInt8(ascii: "-") {
                let sign = scanner[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let h = number(2) else { return nil }
                _ = expect(":")
                guard let m = number(2) else { return nil }
                offset = sign * (h * 3600 + m * 60)
            } else {
                return nil
            }
        }
        guard index == scanner.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
