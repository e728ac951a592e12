import JSONValue
import Transport

/// Finds the human-readable message in an error body. Each service has its own shape
/// (realstack.md): Keystone `{"error": {"message"}}`, Nova and Cinder `{"itemNotFound":
/// {"message"}}`, Neutron `{"NeutronError": {"message"}}`, Glance `{"message": "... <br />"}`
/// or an HTML page, plus `faultstring` for older services.
enum ServiceMessage {
    /// A message is at most this many bytes, whichever format it came in: a service or proxy
    /// that sends megabytes of it is broken, and the error carrying it is printed and logged.
    static let maximumBytes = 4096

    static func extract(from response: HTTPResponse) -> (message: String?, body: JSON?) {
        guard !response.body.isEmpty else { return (nil, nil) }
        if let json = try? JSON.decode(response.body) {
            return (message(in: json).map { bounded(collapsed(withoutLineBreakTags($0))) }, json)
        }
        let text = String(decoding: response.body.prefix(maximumBytes), as: UTF8.self)
        // Only an HTML page has tags to strip: in plain text, "<" is the message's own
        // ("port_range_min must be <= port_range_max").
        let html = response.headers["content-type"]?.lowercased().contains("html") == true
            || text.drop { $0.isWhitespace }.hasPrefix("<")
        let plain = collapsed(html ? strippingTags(text) : text)
        return (plain.isEmpty ? nil : plain, nil)
    }

    static func message(in json: JSON) -> String? {
        guard case .object(let object) = json else { return json.stringValue }
        for key in ["message", "faultstring", "error_message", "detail"] {
            if let text = object[key]?.stringValue, !text.isEmpty { return text }
        }
        // One wrapping key: {"error": {...}}, {"NeutronError": {...}}, {"itemNotFound": {...}}.
        for member in object.members {
            if case .object = member.value, let inner = message(in: member.value) { return inner }
            if member.key == "NeutronError" || member.key == "error", let text = member.value.stringValue { return text }
        }
        return nil
    }

    /// Glance's JSON messages end in webob's "<br /><br />": that residue goes, and nothing else
    /// that looks like a tag (a message may compare with "<").
    static func withoutLineBreakTags(_ text: String) -> String {
        guard text.contains("<br") else { return text }
        return text.replacing("<br />", with: " ").replacing("<br/>", with: " ").replacing("<br>", with: " ")
    }

    /// Whitespace runs (newlines included) as single spaces, none at the ends. By Character:
    /// "\r\n" is one (nginx's error pages end their lines so), which is not equal to "\n".
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The first `maximumBytes` bytes of `text` (cut between scalars) and "…", or all of it.
    static func bounded(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.count > maximumBytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumBytes)
        while utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(text.unicodeScalars[..<end]) + "…"
    }

    static func strippingTags(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var output = ""
        var inTag = false
        var tagName = ""
        var skipping = false // inside <head> or <title>: not part of the message
        for character in text {
            if character == "<" { inTag = true; tagName = ""; continue }
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tagName.lowercased().split(separator: " ").first.map(String.init) ?? ""
                    if name == "head" || name == "title" { skipping = true }
                    if name == "/head" || name == "/title" { skipping = false }
                    output.append(" ")
                } else {
                    tagName.append(character)
                }
                continue
            }
            if !skipping { output.append(character) }
        }
        return output
    }
}
