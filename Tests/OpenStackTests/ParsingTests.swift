import JSONValue
@testable import OpenStack
import Testing
import Transport

@Suite("what comes back from services")
struct ParsingTests {
    @Test("each service's error format gives its message", arguments: [
        (#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
         "The request you have made requires authentication."),
        (#"{"itemNotFound": {"code": 404, "message": "Instance 0000 could not be found."}}"#, "Instance 0000 could not be found."),
        (#"{"NeutronError": {"type": "NetworkInUse", "message": "Unable to complete operation on network 06cd.", "detail": ""}}"#,
         "Unable to complete operation on network 06cd."),
        (#"{"message": "No image found with ID 0000<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}"#,
         "No image found with ID 0000"),
        ("<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID 0000<br /><br />\n\n\n\n </body>\n</html>",
         "404 Not Found No image found with ID 0000"),
    ])
    func errorMessages(body: String, message: String) {
        let response = HTTPResponse(status: 404, body: Array(body.utf8))
        #expect(ServiceMessage.extract(from: response).message == message)
    }

    @Test("timestamps in every form OpenStack writes", arguments: [
        ("2026-12-01T00:25:52.000000Z", 1_796_084_752.0), ("2026-12-01T00:25:52Z", 1_796_084_752.0),
        ("2026-12-01T01:25:52+01:00", 1_796_084_752.0), ("2026-12-01T00:25:52.5", 1_796_084_752.5),
    ])
    func timestamps(text: String, seconds: Double) {
        #expect(Timestamp.parse(text) == seconds)
    }

    @Test("a token's lifetime is counted by the server's clock, from when it arrived")
    func tokenLifetime() {
        let body: JSONObject = ["expires_at": "1999-01-01T01:00:00Z", "issued_at": "1999-01-01T00:00:00Z"]
        let token = Token(value: Secret("t"), body: body, receivedAt: monotonicNanoseconds())
        // Issued in 1999 by the server's clock, but valid for an hour from now: skew-proof.
        #expect(token.secondsLeft > 3590 && token.secondsLeft <= 3600)
    }

    @Test("the catalog picks by type alias, interface and region, and says what it has")
    func catalog() throws {
        let catalog = ServiceCatalog([
            ["type": "volumev3", "endpoints": [["interface": "public", "region_id": "RegionOne", "url": "http://a/v3/p"],
                                               ["interface": "internal", "region_id": "RegionTwo", "url": "http://b/v3/p"]]],
            ["type": "compute", "endpoints": [["interface": "public", "region": "RegionOne", "url": "http://c/v2.1"]]],
        ])
        #expect(try catalog.endpoint(for: .blockStorage, interface: "internal", region: "RegionTwo").url == "http://b/v3/p")
        #expect(try catalog.endpoint(for: .compute, interface: "public", region: nil).url == "http://c/v2.1")
        #expect(throws: OpenStackError.self) { try catalog.endpoint(for: .compute, interface: "admin", region: nil) }
        do { _ = try catalog.endpoint(for: .network, interface: "public", region: nil) } catch {
            #expect(error.message == "no public endpoint for network: the catalog has no network service")
        }
    }

    @Test("token request bodies for each way of signing in")
    func tokenRequests() throws {
        let password = TokenRequest.body(for: .password(user: UserReference(name: "u"), password: Secret("p")),
                                         scope: .project(id: nil, name: "web", domainID: nil, domainName: nil))
        #expect(try password.encodedString() == #"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","domain":{"id":"default"},"password":"p"}}},"scope":{"project":{"name":"web","domain":{"id":"default"}}}}}"#)
        let credential = TokenRequest.body(for: .applicationCredential(id: "c1", name: nil, user: nil, secret: Secret("s")), scope: .unscoped)
        #expect(try credential.encodedString() == #"{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"c1","secret":"s"}}}}"#)
    }

    @Test("microversions compare as numbers")
    func microversions() throws {
        let a = try #require(Microversion("2.9")), b = try #require(Microversion("2.10"))
        #expect(a < b && Microversion("2") == nil && Microversion("x.1") == nil)
    }

    @Test("URLs: paths joined, queries encoded, version segments recognised")
    func urls() {
        #expect(Session.join("http://h/v2.1", "/servers", query: [("name", "^web 1$"), ("all_tenants", "1")])
                == "http://h/v2.1/servers?name=%5Eweb%201%24&all_tenants=1")
        #expect(Session.join("http://h/v2.1", "http://h/v2.1/servers?marker=x", query: []) == "http://h/v2.1/servers?marker=x")
        #expect(Session.regexEscaped("web.1(a)") == #"web\.1\(a\)"#)
    }

    @Test("base64 for user data")
    func base64() {
        #expect(Base64.encode(Array("#!/bin/sh\necho hi".utf8)) == "IyEvYmluL3NoCmVjaG8gaGk=")
        #expect(Base64.encode([0xFF]) == "/w==" && Base64.encode([]) == "")
        #expect(Base64.isEncoded("IyEvYmluL3NoCmVjaG8gaGk=") && !Base64.isEncoded("#!/bin/sh"))
    }

    @Test("YAML as clouds.yaml uses it: anchors, merges, quoted and plain scalars")
    func yaml() throws {
        let text = """
            base: &base
              verify: false
              port: 5000
            clouds:
              a:
                <<: *base
                name: "true"
                version: 2.10
                list: [x, y]
            """
        let value = try YAML.decode(Array(text.utf8))
        #expect(value["clouds"]?["a"] == ["verify": false, "port": 5000, "name": "true", "version": "2.10", "list": ["x", "y"]])
        #expect(throws: YAML.Failure.self) { try YAML.decode(Array("a: [b".utf8)) }
    }
}
