import JSONValue
import Runtime
import Testing
import Transport

/// `http.request` from Lua against the fixture server.
@Suite(.exclusive) struct HTTPLibraryTests {
    @Test func aResponseHasStatusHeadersBodyAndDecodedJSON() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local r = http.request{url = \(lua(server.url("/headers")))}
            local t = http.request{url = \(lua(server.url("/text")))}
            return {status = r.status, mixed = r.headers["x-mixed-case-name"], cookies = r.headers["set-cookie"],
                    type = r.headers["content-type"], size = r.size, body_is_text = type(r.body) == "string",
                    first_header = r.json.headers[1][1], text = t.body, text_json = t.json == nil}
            """)
        #expect(report.status == .success, "\(report.problems)")
        let value = report.value
        #expect(value["status"] == 200)
        #expect(value["mixed"] == "Mixed", "header names are lower-cased")
        #expect(value["cookies"] == "a=1, b=2", "repeated headers are joined")
        #expect(value["type"] == "application/json")
        #expect(value["body_is_text"] == true)
        #expect(value["first_header"] == "Host")
        #expect(value["text"] == "plain text\n")
        #expect(value["text_json"] == true, "only JSON content types are decoded")
    }

    @Test func aJSONBodyIsEncodedAndLabelled() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local base = \(lua(server.url("")))
            local echo = http.request{method = "PUT", url = base .. "/headers", json = {server = {name = "web-1"}},
                                      headers = {["X-Auth-Token"] = "t", ["X-Count"] = 3}}
            local seen = {}
            for _, pair in ipairs(echo.json.headers) do seen[pair[1]] = pair[2] end
            local stored = http.request{method = "PUT", url = base .. "/blob/j", json = {server = {name = "web-1", tags = json.array()}}}
            local back = http.request{url = base .. "/blob/j"}
            return {type = seen["Content-Type"], accept = seen["Accept"], token = seen["X-Auth-Token"],
                    count = seen["X-Count"], stored = stored.status, body = back.body}
            """)
        #expect(report.status == .success, "\(report.problems)")
        let expected: JSON = [
            "type": "application/json", "accept": "application/json", "token": "t", "count": "3",
            "stored": 201, "body": "{\"server\":{\"name\":\"web-1\",\"tags\":[]}}",
        ]
        #expect(report.value == expected)
    }

    @Test func anErrorStatusIsAResultNotAnError() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local r = http.request{url = \(lua(server.url("/status/409")))}
            return {r.status, r.json.error.message}
            """)
        #expect(report.value == [409, "status 409 as asked"])
    }

    @Test func theTimeoutOptionBoundsTheWholeCall() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (report, elapsed) = try await timedRunLua("""
            local ok, err = pcall(function() return http.request{url = \(lua(server.url("/delay?ms=5000"))), timeout = 0.3} end)
            return {ok, err.kind, err.sent}
            """)
        #expect(report.value == [false, "timeout", true])
        #expect(elapsed < 3)
    }

    @Test func filesStreamBothWaysWithMatchingChecksums() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("lua-stream")
        defer { server.stop(); files.remove() }
        let source = files.file("image.raw")
        try await makeRandomFile(source, size: 20 << 20)
        let expected = try await sha256(ofFile: source)
        let target = files.file("copy.raw")
        let report = try await runLua("""
            local base = \(lua(server.url("")))
            local up = http.request{method = "PUT", url = base .. "/blob/image", file = \(lua(source))}
            local down = http.request{url = base .. "/blob/image", output = \(lua(target))}
            return {up = up.status, sha = up.json.sha256, size = up.json.size,
                    down = down.status, file = down.file, bytes = down.size, body = #down.body}
            """)
        #expect(report.status == .success, "\(report.problems)")
        let expectedValue: JSON = [
            "up": 201, "sha": JSON(expected), "size": .int(20 << 20),
            "down": 200, "file": JSON(target), "bytes": .int(20 << 20), "body": 0,
        ]
        #expect(report.value == expectedValue)
        #expect(try await sha256(ofFile: target) == expected)
    }

    @Test func aFailedDownloadFromLuaLeavesNoFile() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("lua-stream")
        defer { server.stop(); files.remove() }
        let report = try await runLua("""
            local ok, err = pcall(function()
              return http.request{url = \(lua(server.url("/truncated?size=2000000"))), output = \(lua(files.file("out.bin")))}
            end)
            return {ok, err.kind}
            """)
        #expect(report.value == [false, "receive"])
        #expect(files.list().isEmpty)
    }

    @Test func cacertAndInsecureReachTheTransport() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let report = try await runLua("""
            local url = \(lua(server.url("/json")))
            local unknown_ok, unknown = pcall(function() return http.request{url = url} end)
            local trusted = http.request{url = url, cacert = \(lua(pki.ca))}
            local insecure = http.request{url = url, insecure = true}
            return {unknown_ok, unknown.kind, trusted.status, insecure.status}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == [false, "tls", 200, 200])
    }
}
