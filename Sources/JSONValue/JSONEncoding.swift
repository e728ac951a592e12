extension JSON {
    /// Writes the value as JSON text. `indent` > 0 pretty-prints with that many spaces per level.
    /// Fails on strings that are not valid UTF-8 and on NaN or infinite floats, which JSON
    /// cannot represent.
    public func encoded(indent: Int = 0) throws(JSONError) -> [UInt8] {
        var writer = JSONWriter(indent: indent)
        try writer.write(self, depth: 0)
        return writer.output
    }

    /// The JSON text as a String.
    public func encodedString(indent: Int = 0) throws(JSONError) -> String {
        String(decoding: try encoded(indent: indent), as: UTF8.self)
    }
}

/// Writes JSON text piece by piece, for a caller that walks its own values (JSON values here,
/// Lua tables in LuaBridge) and wants the same text, separators and indentation either way.
public struct JSONWriter {
    public private(set) var output: [UInt8] = []
    public let indent: Int

    public init(indent: Int = 0) {
        self.indent = indent
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSON, depth: Int) throws(JSONError) {
        switch value {
        case .null: writeNull()
        case .bool(let flag): writeBool(flag)
        case .int(let number): writeInteger(number)
        case .float(let number): try writeFloat(number)
        case .string(let bytes): try writeString(bytes)
        case .array(let elements):
            beginArray()
            for (index, element) in elements.enumerated() {
                beginMember(index, depth: depth)
                try write(element, depth: depth + 1)
            }
            endArray(count: elements.count, depth: depth)
        case .object(let object):
            beginObject()
            for (index, member) in object.members.enumerated() {
                beginMember(index, depth: depth)
                try writeKey(member.key)
                try write(member.value, depth: depth + 1)
            }
            endObject(count: object.count, depth: depth)
        }
    }

    public mutating func writeNull() { append("null") }

    public mutating func writeBool(_ flag: Bool) { append(flag ? "true" : "false") }

    public mutating func beginArray() { output.append(UInt8(ascii: "[")) }

    public mutating func beginObject() { output.append(UInt8(ascii: "{")) }

    /// Before the member at `index` (from 0) of a container at `depth`: the comma and the
    /// line break that come before it.
    public mutating func beginMember(_ index: Int, depth: Int) {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        newline(depth + 1)
    }

    /// An object member's key and its colon.
    public mutating func writeKey(_ key: String) throws(JSONError) {
        try writeString(key)
        output.append(UInt8(ascii: ":"))
        if indent > 0 { output.append(UInt8(ascii: " ")) }
    }

    public mutating func endArray(count: Int, depth: Int) {
        if count > 0 { newline(depth) }
        output.append(UInt8(ascii: "]"))
    }

    public mutating func endObject(count: Int, depth: Int) {
        if count > 0 { newline(depth) }
        output.append(UInt8(ascii: "}"))
    }

    private mutating func newline(_ depth: Int) {
        guard indent > 0 else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func writeInteger(_ number: Int64) {
        if number == 0 { output.append(UInt8(ascii: "0")); return }
        var magnitude = number.magnitude
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // scratch for up to 24 digits (19 needed)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(scratch[index]) }
        }
    }

    public mutating func writeFloat(_ number: Double) throws(JSONError) {
        guard number.isFinite else { throw JSONError("cannot encode \(JSON.nonFiniteName(number)) as JSON") }
        // Swift prints the shortest text that reads back as the same Double, and always with a
        // '.' or an exponent, so a float stays a float when read again ("3.0", "1e-07").
        output.append(contentsOf: number.description.utf8)
    }

    public mutating func writeString(_ bytes: [UInt8]) throws(JSONError) {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in try writeString(buffer) }
    }

    public mutating func writeString(_ text: String) throws(JSONError) {
        var text = text
        // withUTF8 rethrows untyped errors: carry the typed one out in a Result.
        try text.withUTF8 { buffer in Result { () throws(JSONError) in try writeString(buffer) } }.get()
    }

    /// Runs of bytes that need no escape are copied whole: per-byte appends were the encoder's
    /// largest cost.
    public mutating func writeString(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) {
        var needsCheck = false
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        for (index, byte) in bytes.enumerated() {
            if byte >= 0x80 { needsCheck = true; continue }
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            default:
                append("\\u00")
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0xF))
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(UInt8(ascii: "\""))
        if needsCheck && String(validating: bytes, as: UTF8.self) == nil {
            throw JSONError("cannot encode a string that is not valid UTF-8 as JSON")
        }
    }

    private func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

extension JSON {
    /// "NaN", "infinity" or "-infinity", for messages about numbers JSON cannot hold.
    public static func nonFiniteName(_ number: Double) -> String {
        number.isNaN ? "NaN" : number > 0 ? "infinity" : "-infinity"
    }
}
