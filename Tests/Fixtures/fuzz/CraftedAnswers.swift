/// Answers for the fixture server's cloud of crafted answers (test_server.py, /cloud/): what
/// ResponseFuzzTests sends through the clients' whole pipeline, and the corpus its seeded
/// generator mutates. Plain Swift, so that every test target the fuzz directory is part of
/// compiles it.
struct CraftedAnswer {
    var status: Int
    var contentType: String?
    var body: [UInt8]
    /// The Content-Length sent, when it is not the body's.
    var length: Int?
    /// Bytes of the body sent before the connection is dropped.
    var closeAfter: Int?
    /// No Content-Length: the body ends when the connection closes.
    var noLength = false

    init(_ status: Int, _ contentType: String? = "application/json", _ body: String) {
        self.init(status, contentType, Array(body.utf8))
    }

    init(_ status: Int, _ contentType: String?, _ body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// Whether the answer arrives whole, as HTTP frames it.
    var isWhole: Bool { length == nil && closeAfter == nil && !noLength }

    /// As test_server.py reads it: a JSON object, the body one latin-1 character per byte.
    var json: String {
        var text = "{\"status\": \(status), \"headers\": ["
        if let contentType { text += "[\"Content-Type\", \(Self.quoted(Array(contentType.utf8)))]" }
        text += "], \"body\": " + Self.quoted(body)
        if let length { text += ", \"length\": \(length)" }
        if let closeAfter { text += ", \"close_after\": \(closeAfter)" }
        if noLength { text += ", \"no_length\": true" }
        return text + "}"
    }

    /// A JSON string of one character per byte: printable ASCII as itself, the rest escaped.
    static func quoted(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C {
                out.append(byte)
            } else {
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}

enum ResponseCorpus {
    /// Bodies as services and the proxies in front of them send them (realstack.md).
    static let bodies: [String] = [
        #"{"server": {"id": "9e1c", "name": "web-1", "status": "ACTIVE", "metadata": {}, "addresses": {"net": [{"addr": "10.0.0.5", "version": 4}]}}}"#,
        #"{"itemNotFound": {"code": 404, "message": "Instance 9e1c could not be found."}}"#,
        #"{"conflictingRequest": {"code": 409, "message": "Cannot 'start' instance while it is in vm_state active"}}"#,
        #"{"NeutronError": {"type": "PortNotFound", "message": "Port 5 could not be found.", "detail": ""}}"#,
        #"{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"#,
        #"{"message": "403 Forbidden<br /><br />Image is not visible\n\n", "code": "403 Forbidden", "title": "Forbidden"}"#,
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        "<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>",
        "Internal Server Error",
        "",
    ]

    static let contentTypes: [String?] = [
        "application/json", "application/json; charset=UTF-8", "text/plain", "text/html; charset=utf-8", nil, "application/octet-stream",
    ]

    static let statuses = [200, 200, 200, 203, 400, 403, 404, 409, 413, 500, 502, 503, 504]

    /// One answer from the seeded generator: a corpus body, usually mutated, under any status
    /// and content type; now and then cut short or framed wrongly, nested deep or grown large.
    static func generate(_ random: inout SeededMutator) -> CraftedAnswer {
        var body = Array(bodies[random.below(bodies.count)].utf8)
        if random.below(4) > 0 { body = random.mutate(body) }
        switch random.below(40) {
        case 0: body = Array(repeating: UInt8(ascii: "["), count: 600 + random.below(10_000))
        case 1: body = Array(#"{"server": {"id": "1", "name": ""#.utf8) + Array(repeating: 0x61, count: random.below(300_000)) + Array(#""}}"#.utf8)
        case 2: body = Array(#"{"server": {"id": 1e999, "id": -99999999999999999999, "x": 1e-400}}"#.utf8)
        default: break
        }
        var answer = CraftedAnswer(statuses[random.below(statuses.count)], contentTypes[random.below(contentTypes.count)], body)
        switch random.below(12) {
        case 0: answer.length = body.count + 1 + random.below(1000)
        case 1: answer.closeAfter = random.below(body.count + 1)
        case 2: answer.noLength = true
        default: break
        }
        return answer
    }
}
