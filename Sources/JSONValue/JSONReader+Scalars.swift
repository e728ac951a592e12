extension JSONReader {
    /// Reads a string token (its opening quote at `position`) and hands its unescaped,
    /// UTF-8-checked bytes to `deliver`. Without escapes, the bytes are a slice of the input:
    /// no copy is made.
    @inlinable
    mutating func readString<T>(_ deliver: (UnsafeBufferPointer<UInt8>) -> T) throws(JSONError) -> T {
        position += 1
        let start = position
        var ascii = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
                if !ascii { try checkUTF8(token, start: start) }
                position += 1
                return deliver(token)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character in string") }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        return try readEscapedString(from: start, deliver)
    }

    /// The slow path: a string with escapes, unescaped into the scratch buffer.
    @usableFromInline
    mutating func readEscapedString<T>(from start: Int, _ deliver: (UnsafeBufferPointer<UInt8>) -> T) throws(JSONError) -> T {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                let end = position
                return try scratch.withUnsafeBufferPointer { buffer throws(JSONError) in
                    if buffer.contains(where: { $0 >= 0x80 }) {
                        position = end
                        try checkUTF8(buffer, start: start)
                    }
                    return deliver(buffer)
                }
            case UInt8(ascii: "\\"):
                try readEscape()
            case 0..<0x20:
                throw error("unescaped control character in string")
            default:
                scratch.append(byte)
                position += 1
            }
        }
        throw error("unterminated string")
    }

    /// Errors point at the string's opening quote.
    @usableFromInline
    mutating func checkUTF8(_ token: UnsafeBufferPointer<UInt8>, start: Int) throws(JSONError) {
        guard String(validating: token, as: UTF8.self) == nil else { return }
        position = start - 1
        throw error("invalid UTF-8 in string")
    }

    @usableFromInline
    mutating func readEscape() throws(JSONError) {
        position += 1
        guard position < bytes.count else { throw error("unterminated string") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"): try readUnicodeEscape()
        default:
            position -= 1
            throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
        }
    }

    private mutating func readUnicodeEscape() throws(JSONError) {
        var scalar = try readHex4()
        if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate.
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                  bytes[position + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate in \\u escape") }
            position += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("unpaired surrogate in \\u escape")
        }
        scratch.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Reads a number token. Integers are accumulated directly; anything with a fraction, an
    /// exponent, or too many digits for Int64 is parsed as a Double by the standard library.
    @inlinable
    mutating func readNumber<Sink: JSONSink>(into sink: inout Sink) throws(JSONError) -> Sink.Value {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count && isDigit(bytes[position]) { throw error("leading zero in number") }
        } else {
            while position < bytes.count && isDigit(bytes[position]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[position] &- UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = sum
                position += 1
            }
        }
        var isFloat = false
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            isFloat = true
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            isFloat = true
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if !isFloat && !overflow {
            if negative && magnitude <= UInt64(Int64.max) + 1 { return sink.integer(Int64(truncatingIfNeeded: 0 &- magnitude)) }
            if !negative && magnitude <= UInt64(Int64.max) { return sink.integer(Int64(magnitude)) }
        }
        return sink.float(try parseDouble(from: start))
    }

    @usableFromInline
    func parseDouble(from start: Int) throws(JSONError) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number") }
        return value
    }

    @inlinable
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
