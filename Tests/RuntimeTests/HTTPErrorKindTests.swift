import JSONValue
import Runtime
import Testing
import Transport

/// `http.request` errors name what went wrong with a stable snake_case `kind` that scripts can
/// test, the list README and docs/errors.md document.
@Suite(.exclusive) struct HTTPErrorKindTests {
    @Test func aClosedPortIsKindConnect() async throws {
        let port = try closedPort()
        let report = try await runLua("""
            local ok, err = pcall(http.request, {url = "http://127.0.0.1:\(port)/"})
            return {ok, err.kind, err.sent}
            """)
        #expect(report.value == [false, "connect", false])
    }

    @Test func aServerThatNeverAnswersIsKindTimeout() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local ok, err = pcall(http.request, {url = \(lua(server.url("/hang"))), timeout = 0.3})
            return {ok, err.kind, err.sent}
            """)
        #expect(report.value == [false, "timeout", true])
    }

    @Test func aURLThatIsNotHTTPIsKindInvalidRequest() async throws {
        let report = try await runLua("""
            local ok, err = pcall(http.request, {url = "ftp://127.0.0.1/"})
            return {ok, err.kind}
            """)
        #expect(report.value == [false, "invalid_request"])
    }

    @Test func aFileThatCannotBeReadIsKindFile() async throws {
        let port = try closedPort()
        let report = try await runLua("""
            local ok, err = pcall(http.request, {method = "PUT", url = "http://127.0.0.1:\(port)/", file = "/nonexistent/x"})
            return {ok, err.kind}
            """)
        #expect(report.value == [false, "file"])
    }

    @Test("every kind is documented in docs/standard-library.md and docs/errors.md")
    func kindsAreDocumented() async throws {
        for document in ["docs/standard-library.md", "docs/errors.md"] {
            let text = try await run(["/bin/cat", Fixtures.packageRoot + "/" + document])
            for kind in TransportError.Kind.allCases {
                #expect(text.contains("`\(kind.rawValue)`"), "\(document) does not list `\(kind.rawValue)`")
            }
        }
    }
}
