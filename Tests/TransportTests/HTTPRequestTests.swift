import Testing
import Transport

/// Requests and responses over real sockets to the fixture server: what goes out, what comes
/// back, and the requests refused before any I/O.
@Suite(.exclusive) struct HTTPRequestTests {
    @Test func aGETReturnsStatusHeadersAndBody() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json")))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["CONTENT-LENGTH"] == String(response.body.count))
        #expect(text(response).hasPrefix("{\"ok\": true"))
        #expect(response.bodySize == Int64(response.body.count))
        #expect(response.httpVersion == "1.1")
        #expect(response.connectionsOpened == 1)
    }

    @Test func headersGoOutAsGivenAndComeBackInAnyCase() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        var request = HTTPRequest(url: server.url("/headers"))
        request.headers.add("X-Auth-Token", "abc")
        request.headers.add("X-Empty", "")
        let response = try await EventLoop.shared.perform(request)
        let echoed = text(response)
        #expect(echoed.contains("[\"X-Auth-Token\", \"abc\"]"))
        #expect(echoed.contains("[\"X-Empty\", \"\"]"))
        #expect(!echoed.contains("Expect"), "no 100-continue round trip")
        #expect(response.headers["x-mixed-case-name"] == "Mixed")
        #expect(response.headers.values("set-cookie") == ["a=1", "b=2"])
    }

    @Test func errorStatusesAreResponsesNotErrors() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/status/503")))
        #expect(response.status == 503)
        #expect(text(response).contains("status 503 as asked"))
    }

    @Test func redirectsAreNotFollowed() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/redirect")))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/json")
    }

    @Test func methodsAndByteBodies() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let payload = Array("{\"server\": {\"name\": \"web-1\"}}".utf8)
        for method in ["POST", "PUT", "PATCH"] {
            let stored = try await EventLoop.shared.perform(
                HTTPRequest(method: method, url: server.url("/blob/\(method)"), body: .bytes(payload)))
            #expect(stored.status == 201, "\(method)")
            #expect(text(stored).contains("\"size\": \(payload.count)"), "\(method)")
            let back = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/blob/\(method)")))
            #expect(back.body == payload, "\(method)")
        }
        let deleted = try await EventLoop.shared.perform(HTTPRequest(method: "DELETE", url: server.url("/x")))
        #expect(text(deleted) == "{\"method\": \"DELETE\"}")
        let head = try await EventLoop.shared.perform(HTTPRequest(method: "HEAD", url: server.url("/json")))
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func aBodyOverTheMemoryLimitFails() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/bytes?size=100000"), output: .memory(limit: 1000))
        let error = try await failure(of: request)
        #expect(error.kind == .tooLarge)
        #expect(error.detail == "the body is larger than 1000 bytes")
    }

    @Test(arguments: ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/", "127.0.0.1/json"])
    func onlyHTTPAndHTTPSAreAccepted(url: String) async throws {
        let error = try await failure(of: HTTPRequest(url: url))
        #expect(error.kind == .invalidRequest)
        #expect(!error.requestMayHaveBeenSent)
    }

    @Test(arguments: [("X-Evil", "a\r\nX-Injected: 1"), ("X-Evil", "a\nb"), ("X-Evil", "a\rb"),
                      ("X-Evil\r\nX-Injected", "1"), ("X-Evil: 1", "2")])
    func headerInjectionIsRefused(name: String, value: String) async throws {
        var request = HTTPRequest(url: "http://127.0.0.1:9/")
        request.headers.add(name, value)
        let error = try await failure(of: request)
        #expect(error.kind == .invalidRequest)
        #expect(error.detail.contains("invalid header field"))
    }

    @Test func refusedConnectionsSayTheRequestWasNotSent() async throws {
        let port = try closedPort()
        let error = try await failure(of: HTTPRequest(method: "POST", url: "http://admin:s3cret@127.0.0.1:\(port)/v3", body: .bytes([1])))
        #expect(error.kind == .connect)
        #expect(!error.requestMayHaveBeenSent)
        #expect(error.url == "http://***@127.0.0.1:\(port)/v3")
        #expect(!error.description.contains("s3cret"))
        #expect(!error.detail.contains("s3cret"))
    }

    @Test func aMissingUploadFileFailsBeforeAnyIO() async throws {
        let error = try await failure(of: HTTPRequest(method: "PUT", url: "http://127.0.0.1:9/", body: .file(path: "/nonexistent/file")))
        #expect(error.kind == .file)
        #expect(error.detail.contains("/nonexistent/file"))
        #expect(!error.requestMayHaveBeenSent)
    }
}
