/// Why a JSON text could not be read or a value could not be written.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Where in the text (1-based line and column), for decoding errors.
    public var line: Int?
    public var column: Int?

    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line, let column else { return message }
        return "\(message) at line \(line) column \(column)"
    }
}

extension JSON {
    /// Nesting deeper than this is refused rather than risking the stack of a recursive reader.
    public static let maximumDepth = 512

    /// Reads one JSON document (RFC 8259). Numbers without a fraction or exponent that fit in 64
    /// bits are integers; all others are floats.
    public static func decode(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSON {
        let result: Result<JSON, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            decodeBuffer(buffer)
        }
        return try (result ?? Array(bytes).withUnsafeBufferPointer { decodeBuffer($0) }).get()
    }

    public static func decode(_ text: String) throws(JSONError) -> JSON {
        var text = text
        return try text.withUTF8 { decodeBuffer($0) }.get()
    }

    private static func decodeBuffer(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSON, JSONError> {
        var reader = JSONReader(buffer)
        do throws(JSONError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            guard reader.atEnd else { throw reader.error("unexpected data after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// A recursive-descent reader over a byte buffer.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func error(_ message: String) -> JSONError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return JSONError(message, line: line, column: column)
    }

    func unexpected() -> JSONError {
        guard position < bytes.count else { return error("unexpected end of JSON text") }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F {
            return error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
        return error("unexpected byte 0x\(String(byte, radix: 16))")
    }

    mutating func readValue(depth: Int) throws(JSONError) -> JSON {
        guard position < bytes.count else { throw unexpected() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw unexpected()
        }
    }

    private mutating func readLiteral(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal") }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        position += count
    }

    private mutating func readObject(depth: Int) throws(JSONError) -> JSON {
        guard depth <= JSON.maximumDepth else { throw error("JSON nested too deeply") }
        position += 1
        var object = JSONObject(minimumCapacity: 8)
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw atEnd ? unexpected() : error("expected a string as object key")
            }
            let keyBytes = try readString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw atEnd ? unexpected() : error("expected ':' after object key")
            }
            position += 1
            skipWhitespace()
            let value = try readValue(depth: depth)
            object.members.append((String(decoding: keyBytes, as: UTF8.self), value))
            skipWhitespace()
            guard position < bytes.count else { throw unexpected() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "}"): position += 1; return .object(object)
            default: throw error("expected ',' or '}' in object")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(JSONError) -> JSON {
        guard depth <= JSON.maximumDepth else { throw error("JSON nested too deeply") }
        position += 1
        var array: [JSON] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(array)
        }
        while true {
            array.append(try readValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw unexpected() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "]"): position += 1; return .array(array)
            default: throw error("expected ',' or ']' in array")
            }
        }
    }
}
