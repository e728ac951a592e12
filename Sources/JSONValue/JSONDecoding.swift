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
        var sink = JSONTreeSink()
        return try JSONReader.read(bytes, into: &sink)
    }

    public static func decode(_ text: String) throws(JSONError) -> JSON {
        try decode(Array(text.utf8))
    }
}

/// A recursive-descent JSON reader over a byte buffer, reporting to a JSONSink.
public struct JSONReader: ~Copyable {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var position = 0
    /// Holds a string while its escapes are undone (reused: most strings need no escapes).
    @usableFromInline var scratch: [UInt8] = []

    @inlinable
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads one whole document from `bytes` into `sink`.
    @inlinable
    public static func read<Sink: JSONSink>(_ bytes: some Collection<UInt8>, into sink: inout Sink) throws(JSONError) -> Sink.Value {
        let result: Result<Sink.Value, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            readDocument(buffer, into: &sink)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { readDocument($0, into: &sink) }.get()
    }

    @inlinable
    static func readDocument<Sink: JSONSink>(_ buffer: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Result<Sink.Value, JSONError> {
        var reader = JSONReader(buffer)
        do throws(JSONError) {
            reader.skipWhitespace()
            let value = try reader.readValue(into: &sink, depth: 0)
            reader.skipWhitespace()
            guard reader.atEnd else { throw reader.error("unexpected data after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    @inlinable var atEnd: Bool { position >= bytes.count }

    @inlinable
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    @inlinable
    mutating func readValue<Sink: JSONSink>(into sink: inout Sink, depth: Int) throws(JSONError) -> Sink.Value {
        guard position < bytes.count else { throw unexpected() }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject(into: &sink, depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(into: &sink, depth: depth + 1)
        case UInt8(ascii: "\""): return try readString { sink.string($0) }
        case UInt8(ascii: "t"): try readLiteral("true"); return sink.bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return sink.bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return sink.null()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber(into: &sink)
        default: throw unexpected()
        }
    }

    @inlinable
    mutating func readObject<Sink: JSONSink>(into sink: inout Sink, depth: Int) throws(JSONError) -> Sink.Value {
        guard depth <= JSON.maximumDepth else { throw error("JSON nested too deeply") }
        position += 1
        var object = sink.beginObject()
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return sink.endObject(object)
        }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw atEnd ? unexpected() : error("expected a string as object key")
            }
            try readString { sink.key($0, in: &object) }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw atEnd ? unexpected() : error("expected ':' after object key")
            }
            position += 1
            skipWhitespace()
            sink.value(try readValue(into: &sink, depth: depth), in: &object)
            skipWhitespace()
            guard position < bytes.count else { throw unexpected() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "}"): position += 1; return sink.endObject(object)
            default: throw error("expected ',' or '}' in object")
            }
        }
    }

    @inlinable
    mutating func readArray<Sink: JSONSink>(into sink: inout Sink, depth: Int) throws(JSONError) -> Sink.Value {
        guard depth <= JSON.maximumDepth else { throw error("JSON nested too deeply") }
        position += 1
        var array = sink.beginArray()
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return sink.endArray(array)
        }
        while true {
            sink.append(try readValue(into: &sink, depth: depth), to: &array)
            skipWhitespace()
            guard position < bytes.count else { throw unexpected() }
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "]"): position += 1; return sink.endArray(array)
            default: throw error("expected ',' or ']' in array")
            }
        }
    }

    @inlinable
    mutating func readLiteral(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal") }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        position += count
    }

    // MARK: Errors

    @usableFromInline
    func error(_ message: String) -> JSONError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return JSONError(message, line: line, column: column)
    }

    @usableFromInline
    func unexpected() -> JSONError {
        guard position < bytes.count else { return error("unexpected end of JSON text") }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F {
            return error("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
        return error("unexpected byte 0x\(String(byte, radix: 16))")
    }
}
