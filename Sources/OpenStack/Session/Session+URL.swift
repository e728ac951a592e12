extension Session {
    /// Base + path + query, with percent-encoding of the query values.
    nonisolated static func join(_ base: String, _ path: String, query: [(String, String)]) -> String {
        var url = path.hasPrefix("http://") || path.hasPrefix("https://") ? path : base + (path.hasPrefix("/") || path.isEmpty ? path : "/" + path)
        if !query.isEmpty {
            url += url.contains("?") ? "&" : "?"
            url += query.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    nonisolated static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(Character(Unicode.Scalar(byte)))
            default:
                output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return output
    }
}
