import JSONValue
import Transport

/// How a trace writes URLs, headers and bodies: with every secret it can recognise masked.
/// Names decide (SecretName, the rule logs use): a header, a JSON member at any depth or a form
/// field whose name holds a secret is masked, whatever its value (URLs: redactingCredentials).
enum TracedText {
    static let mask = "***"
    /// A JSON body longer than this is not parsed to be masked, so it is not shown at all: a
    /// trace must not cost more than the request it shows.
    static let largestMaskedBody = 8 << 20

    /// "Name: value" lines: a token (X-Auth-Token, X-Subject-Token, X-Service-Token) as its
    /// fingerprint, so that one token can be followed through a trace; any other secret
    /// (Authorization, Cookie...) as "***", since its hash could be guessed from a word list.
    static func headerLines(_ headers: [(name: String, value: TracedRequest.HeaderValue)]) -> [String] {
        headers.map { header in
            switch header.value {
            case .plain(let text): "\(header.name): \(text)"
            case .secret(let secret): "\(header.name): \(isTokenHeader(header.name) ? secret.fingerprint : mask)"
            }
        }
    }

    static func isTokenHeader(_ name: String) -> Bool {
        ["x-auth-token", "x-subject-token", "x-service-token"].contains(name.lowercased())
    }

    /// A body as a trace shows it: JSON with its secret members masked and written compactly,
    /// form fields likewise, other text as it is; binary data and JSON that cannot be masked
    /// are described, not shown. At most `limit` bytes, then how much was left out.
    static func body(_ bytes: [UInt8], contentType: String?, limit: Int) -> String {
        // The media type without its parameters; it has no spaces of its own.
        let type = contentType?.split(separator: ";").first.map { $0.lowercased().filter { $0 != " " && $0 != "\t" } } ?? ""
        let text: [UInt8]
        if type == "application/x-www-form-urlencoded" {
            text = Array(SecretName.maskingFields(Substring(decoding: bytes, as: UTF8.self)).utf8)
        } else if type == "application/json" || type.hasSuffix("+json") || startsLikeJSON(bytes) {
            guard bytes.count <= largestMaskedBody else { return "(\(bytes.count) bytes of JSON, too long to mask: not shown)" }
            guard let json = try? JSON.decode(bytes), let masked = try? SecretName.redacted(json).encoded() else {
                return "(\(bytes.count) bytes that claim to be JSON but cannot be parsed, so cannot be masked: not shown)"
            }
            text = masked
        } else if isText(bytes) {
            text = bytes
        } else {
            return "(\(bytes.count) bytes of binary data)"
        }
        return truncated(text, limit: limit)
    }

    /// At most `limit` bytes, cut at a character boundary, and a note of what was left out.
    static func truncated(_ bytes: [UInt8], limit: Int) -> String {
        guard bytes.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        var end = max(0, limit)
        // Back up to the start of a UTF-8 character: continuation bytes are 10xxxxxx.
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        if end == 0 { return "(\(bytes.count) bytes not shown)" }
        return String(decoding: bytes[..<end], as: UTF8.self) + " [\(bytes.count - end) more bytes not shown]"
    }

    private static func startsLikeJSON(_ bytes: [UInt8]) -> Bool {
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// UTF-8 without NUL bytes: what a terminal can show.
    private static func isText(_ bytes: [UInt8]) -> Bool {
        !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }
}
