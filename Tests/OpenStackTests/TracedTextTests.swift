@testable import OpenStack
import Testing
import SystemIO
import Transport

/// What `--debug` shows of URLs, headers and bodies: secrets masked by name, token requests'
/// bodies never, long bodies cut. (DebugTraceTests runs it against the emulator.)
@Suite("trace text")
struct TracedTextTests {
    @Test("JSON bodies: secret members masked at any depth, the rest shown compactly")
    func jsonMasked() {
        let body = #"{"server": {"name": "web", "adminPass": "Sekr1t", "metadata": {"db_password": "p2"}},"#
            + #" "keypair": {"name": "k", "private_key": "-----BEGIN", "public_key": "ssh-ed25519 AAAA"}}"#
        let shown = TracedText.body(Array(body.utf8), contentType: "application/json; charset=UTF-8", limit: 4096)
        #expect(shown == #"{"server":{"name":"web","adminPass":"***","metadata":{"db_password":"***"}},"#
            + #""keypair":{"name":"k","private_key":"***","public_key":"ssh-ed25519 AAAA"}}"#)
    }

    @Test("JSON that cannot be parsed is not shown, whatever its content type says")
    func unparsableJSONHidden() {
        let cut = Array(#"{"auth": {"password": "Sekr1t""#.utf8)
        for type in ["application/json", "text/plain", nil] {
            let shown = TracedText.body(cut, contentType: type, limit: 4096)
            #expect(!shown.contains("Sekr1t") && shown.contains("cannot be masked"), "\(type ?? "none")")
        }
    }

    @Test("form fields and query parameters named as secrets are masked")
    func formsAndQueries() {
        let form = TracedText.body(Array("grant_type=password&username=u&password=Sekr1t&client_secret=c".utf8),
                                   contentType: "application/x-www-form-urlencoded", limit: 4096)
        #expect(form == "grant_type=password&username=u&password=***&client_secret=***")
        #expect(redactingCredentials("https://user:pw@host/v1/x?limit=2&token=abc#top") == "https://***@host/v1/x?limit=2&token=***#top")
        #expect(redactingCredentials("http://host/v1/x") == "http://host/v1/x")
    }

    @Test("text is cut at the limit on a character boundary; binary data is described")
    func truncationAndBinary() {
        let text = TracedText.body(Array("ab\u{e9}cd".utf8), contentType: "text/plain", limit: 3)
        #expect(text == "ab [4 more bytes not shown]", "é is two bytes: not cut in half")
        #expect(TracedText.body([0x00, 0xFF, 0x10], contentType: "application/octet-stream", limit: 10) == "(3 bytes of binary data)")
        #expect(TracedText.body(Array("{}".utf8), contentType: nil, limit: 0) == "(2 bytes not shown)")
    }

    @Test("headers: tokens as fingerprints, other credentials as ***")
    func headers() {
        var headers = HTTPHeaders()
        headers.add("Accept", "application/json")
        headers.add("X-Auth-Token", "tok-secret-value")
        headers.add("Authorization", "Basic dTpw")
        let traced = TracedRequest(HTTPRequest(url: "http://h/v2.1/servers", headers: headers), service: "nova", attempt: 1)
        let fingerprint = "{SHA256}" + String(SHA256.hex("tok-secret-value").prefix(16))
        #expect(traced.headerLines == ["Accept: application/json", "X-Auth-Token: \(fingerprint)", "Authorization: ***"])
    }

    @Test("a token request's body and its answer's body are never shown")
    func tokenRequests() {
        let body = Array(#"{"auth": {"identity": {"methods": ["password"]}}}"#.utf8)
        for path in ["/identity/v3/auth/tokens", "/v2.0/tokens", "/realms/x/protocol/openid-connect/token?x=1"] {
            let request = TracedRequest(HTTPRequest(method: "POST", url: "http://h" + path, body: .bytes(body)), service: "keystone", attempt: 1)
            #expect(request.isTokenRequest, "\(path)")
            #expect(request.shownBody(limit: 4096)?.contains("not shown") == true)
            let answer = TracedResponse(.success(HTTPResponse(status: 201, body: Array(#"{"token": {}}"#.utf8))), to: request, milliseconds: 1)
            #expect(answer.shownBody(limit: 4096)?.contains("not shown") == true)
        }
        let validate = TracedRequest(HTTPRequest(method: "GET", url: "http://h/identity/v3/auth/tokens"), service: "keystone", attempt: 1)
        #expect(!validate.isTokenRequest, "reading a token sends no credentials")
    }
}
