import JSONValue
import Runtime
import Testing
import Transport

/// The bad answers the issue names, one each, through the clients' whole pipeline
/// (CraftedCloud), with what `nova.get` and `openstack.request` make of them.
@Suite(.exclusive) struct ResponseEdgeTests {
    static let server = #"{"server": {"id": "s1", "name": "web-1"}}"#
    static let tenMegabytes = 10 * 1024 * 1024

    /// What the two calls give for an answer: nova.get's and openstack.request's results.
    func outcomes(_ answer: CraftedAnswer) async throws -> (get: JSON, raw: JSON, url: String) {
        let cloud = try await CraftedCloud.start()
        defer { cloud.stop() }
        let id = CraftedCloud.id(1)
        try cloud.craft([(id, answer)])
        let get = try await cloud.run(ids: [id], call: CraftedCloud.novaGet).first ?? .null
        let raw = try await cloud.run(ids: [id], call: CraftedCloud.rawRequest).first ?? .null
        let closed = try await cloud.connectionsClosed()
        let stats = try cloud.server.stats()
        #expect(closed, "every connection is closed: \(stats)")
        return (get, raw, cloud.url(of: id))
    }

    /// An error of `kind` for the call to `url`, with `status` (nil: no answer came) and a
    /// message holding `message`.
    func expectError(_ result: JSON, _ kind: String, status: Int?, message: String, url: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result["ok"] == false, "\(result)", sourceLocation: sourceLocation)
        #expect(result["kind"]?.stringValue == kind, "\(result)", sourceLocation: sourceLocation)
        #expect(result["service"] == "nova" && result["method"] == "GET", "\(result)", sourceLocation: sourceLocation)
        #expect(result["url"]?.stringValue == url, "\(result)", sourceLocation: sourceLocation)
        #expect(result["status"]?.intValue.map(Int.init) == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result["message"]?.stringValue?.contains(message) == true, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func aBodyShorterThanItsContentLengthIsATransportError() async throws {
        var answer = CraftedAnswer(200, "application/json", Self.server)
        answer.length = answer.body.count + 1000
        let (get, raw, url) = try await outcomes(answer)
        expectError(get, "transport", status: nil, message: "1000 bytes remaining", url: url)
        expectError(raw, "transport", status: nil, message: "1000 bytes remaining", url: url)
    }

    @Test func aConnectionClosedMidBodyIsATransportError() async throws {
        var answer = CraftedAnswer(200, "application/json", Self.server)
        answer.closeAfter = 12
        let (get, raw, url) = try await outcomes(answer)
        expectError(get, "transport", status: nil, message: "remaining", url: url)
        expectError(raw, "transport", status: nil, message: "remaining", url: url)
    }

    @Test func aBodyCutShortWithoutContentLengthIsNotJSON() async throws {
        var answer = CraftedAnswer(200, "application/json", String(Self.server.prefix(20)))
        answer.noLength = true
        let (get, raw, url) = try await outcomes(answer)
        expectError(get, "http", status: 200, message: "the response is not valid JSON: unterminated string", url: url)
        #expect(raw["value"]?["json"] == false && raw["value"]?["size"] == 20, "\(raw)")
    }

    @Test func invalidUTF8InAJSONStringIsNotJSON() async throws {
        let body = Array(#"{"server": {"id": "s1", "name": "a"#.utf8) + [0xFF, 0xC3] + Array(#""}}"#.utf8)
        let (get, raw, url) = try await outcomes(CraftedAnswer(200, "application/json", body))
        expectError(get, "http", status: 200, message: "invalid UTF-8 in string", url: url)
        #expect(raw["value"]?["json"] == false && raw["value"]?["status"] == 200, "\(raw)")
    }

    @Test("JSON labelled text/plain, or with no Content-Type, is read as JSON", arguments: ["text/plain", nil])
    func jsonWithTheWrongContentType(contentType: String?) async throws {
        let (get, raw, _) = try await outcomes(CraftedAnswer(200, contentType, Self.server))
        #expect(get["value"]?["id"] == "s1", "\(get)")
        #expect(raw["value"]?["json"] == true, "\(raw)")
    }

    @Test func htmlLabelledJSONIsNotJSON() async throws {
        let (get, _, url) = try await outcomes(CraftedAnswer(200, "application/json", "<html><body>Welcome to nginx!</body></html>"))
        expectError(get, "http", status: 200, message: "the response is not valid JSON: unexpected character '<'", url: url)
    }

    @Test func aProxysHTMLErrorPageGivesItsText() async throws {
        let page = ResponseCorpus.bodies[6]
        let (get, raw, url) = try await outcomes(CraftedAnswer(502, "text/html", page))
        for result in [get, raw] {
            expectError(result, "http", status: 502, message: "502 Bad Gateway", url: url)
            #expect(result["message"]?.stringValue == "502 Bad Gateway nginx", "\(result)")
        }
    }

    @Test func anErrorWithoutContentTypeGivesTheServicesMessage() async throws {
        let (get, _, url) = try await outcomes(CraftedAnswer(409, nil, ResponseCorpus.bodies[2]))
        expectError(get, "http", status: 409, message: "Cannot 'start' instance while it is in vm_state active", url: url)
    }

    @Test func aTenMegabyteBodyIsRead() async throws {
        let body = #"{"server": {"id": "s1", "name": ""# + String(repeating: "n", count: Self.tenMegabytes) + #""}}"#
        let (get, raw, _) = try await outcomes(CraftedAnswer(200, "application/json", body))
        #expect(get["value"]?["name_size"]?.intValue.map(Int.init) == Self.tenMegabytes, "\(get["value"] ?? .null)")
        #expect(raw["value"]?["size"]?.intValue.map(Int.init) == body.utf8.count)
    }

    @Test("a ten-megabyte error message is cut to 4 KiB", arguments: [
        #"{"computeFault": {"code": 500, "message": ""#, "<html><body><h1>Internal error</h1>",
    ])
    func aTenMegabyteErrorIsCut(start: String) async throws {
        let (get, _, url) = try await outcomes(CraftedAnswer(500, nil, start + String(repeating: "m", count: Self.tenMegabytes) + "\"}}"))
        expectError(get, "http", status: 500, message: "mmmm", url: url)
        #expect((get["message"]?.stringValue?.utf8.count ?? .max) <= 4096 + 3, "\(get["message"]?.stringValue?.utf8.count ?? 0) bytes")
    }

    @Test func tenThousandDeepNestingIsAnError() async throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (get, raw, url) = try await outcomes(CraftedAnswer(200, "application/json", deep))
        expectError(get, "http", status: 200, message: "JSON nested too deeply", url: url)
        #expect(raw["value"]?["json"] == false, "\(raw)")
        let (failed, _, failedURL) = try await outcomes(CraftedAnswer(500, "application/json", deep))
        expectError(failed, "http", status: 500, message: "[[[", url: failedURL)
    }

    @Test func aDuplicateKeyTakesTheLastValue() async throws {
        let (get, _, _) = try await outcomes(CraftedAnswer(200, "application/json", #"{"server": {"id": "first", "id": "second"}}"#))
        #expect(get["value"]?["id"] == "second", "\(get)")
    }

    @Test func numbersOutOfRangeAreFloats() async throws {
        let body = #"{"server": {"id": "s1", "huge": 1e999, "big": 99999999999999999999, "tiny": 1e-400}}"#
        let (get, _, _) = try await outcomes(CraftedAnswer(200, "application/json", body))
        #expect(get["value"]?["huge"] == true && get["value"]?["big"] == true && get["value"]?["tiny"] == true, "\(get)")
    }

    @Test("a 200 that holds no server says so, with its status and URL", arguments: ["", "[]", #"{"servers": []}"#])
    func anAnswerWithoutTheResource(body: String) async throws {
        let (get, _, url) = try await outcomes(CraftedAnswer(200, "application/json", body))
        expectError(get, "http", status: 200, message: "the response has no 'server' object", url: url)
    }
}
