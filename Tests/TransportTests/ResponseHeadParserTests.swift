import Testing
@testable import Transport

/// ResponseHeadParser sees header lines exactly as curl's header callback hands them over,
/// including the heads of interim responses and of redirects curl followed.
@Suite struct ResponseHeadParserTests {
    static func parse(_ lines: [String]) -> ResponseHeadParser {
        var parser = ResponseHeadParser()
        for line in lines { parser.consume(line: Substring(line)) }
        return parser
    }

    @Test func aContinueHeadIsReplacedByTheFinalOne() {
        let head = Self.parse([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
            "HTTP/1.1 201 Created\r\n", "Location: /v2/servers/1\r\n", "Content-Length: 0\r\n", "\r\n",
        ])
        #expect(head.status == 201)
        #expect(head.headers["location"] == "/v2/servers/1")
        #expect(!head.headers.contains("X-Interim"))
        #expect(head.headers.count == 2)
    }

    @Test func onlyTheLastHeadOfARedirectChainRemains() {
        let head = Self.parse([
            "HTTP/1.1 302 Found\r\n", "Location: https://b.example/x\r\n", "Set-Cookie: a=1\r\n", "\r\n",
            "HTTP/2 200 \r\n", "content-type: application/json\r\n", "\r\n",
        ])
        #expect(head.status == 200)
        #expect(head.httpVersion == "2")
        #expect(head.headers.values("set-cookie").isEmpty)
        #expect(head.headers["Content-Type"] == "application/json")
    }

    @Test func namesMatchWhateverTheirCase() {
        let head = Self.parse(["HTTP/1.1 200 OK\r\n", "x-openstack-request-id: req-1\r\n", "X-Subject-Token: t\r\n", "\r\n"])
        #expect(head.headers["X-OpenStack-Request-ID"] == "req-1")
        #expect(head.headers["x-subject-token"] == "t")
        #expect(head.headers.contains("X-OPENSTACK-REQUEST-ID"))
        // The names keep the case the server sent.
        #expect(head.headers.fields.map(\.name) == ["x-openstack-request-id", "X-Subject-Token"])
    }

    @Test func valuesAreTrimmedButKeepTheirColons() {
        let head = Self.parse([
            "HTTP/1.1 301 Moved Permanently\r\n", "Location: \t http://h:8774/v2.1/ \t\r\n", "X-Empty:\r\n",
            "Set-Cookie: a=1\r\n", "set-cookie: b=2\n", "\r\n",
        ])
        #expect(head.status == 301)
        #expect(head.headers["location"] == "http://h:8774/v2.1/")
        #expect(head.headers["x-empty"] == "")
        #expect(head.headers.values("Set-Cookie") == ["a=1", "b=2"])
    }

    @Test func linesThatAreNotFieldsAreSkipped() {
        let head = Self.parse(["HTTP/1.1 200 OK\r\n", "no colon here\r\n", "\r\n", ""])
        #expect(head.status == 200)
        #expect(head.headers.count == 0)
    }

    @Test func aStatusLineWithoutAReasonParses() {
        #expect(Self.parse(["HTTP/1.1 204\r\n"]).status == 204)
        #expect(Self.parse(["HTTP/1.0 404 Not Found\r\n"]).httpVersion == "1.0")
        #expect(Self.parse(["HTTP/1.1 abc\r\n"]).status == 0)
    }

    @Test func headersSetReplacesEveryFieldOfThatName() {
        var headers: HTTPHeaders = ["Accept": "text/plain"]
        headers.add("accept", "application/json")
        headers.set("ACCEPT", "application/yaml")
        #expect(headers.values("Accept") == ["application/yaml"])
        headers.set("Accept", nil)
        #expect(headers.count == 0)
    }
}
