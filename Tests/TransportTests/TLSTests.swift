import Testing
import Transport

/// TLS against the fixture server with a certificate from a CA made for the test (see
/// Tests/Fixtures/make_certs.sh), which no system trusts.
@Suite(.exclusive) struct TLSTests {
    @Test func anUnknownCAFailsVerification() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let error = try await failure(of: HTTPRequest(url: server.url("/json")))
        #expect(error.kind == .tls)
        #expect(!error.requestMayHaveBeenSent)
        #expect(error.detail.contains("certificate"), "\(error.detail)")
    }

    @Test func theTestCAAsBundleVerifies() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json"), tls: .init(caBundle: pki.ca)))
        #expect(response.status == 200)
    }

    @Test func aNameTheCertificateDoesNotCoverFails() async throws {
        let pki = try await TestCertificates.shared()
        // 127.0.0.2 is loopback too, but the certificate names only 127.0.0.1 and localhost.
        let server = try await TestServer.start(tls: pki, host: "127.0.0.2")
        defer { server.stop() }
        let error = try await failure(of: HTTPRequest(url: server.url("/json"), tls: .init(caBundle: pki.ca)))
        #expect(error.kind == .tls)
        #expect(error.detail.contains("127.0.0.2"), "\(error.detail)")
    }

    @Test func insecureSkipsVerification() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json"), tls: .init(insecure: true)))
        #expect(response.status == 200)
    }

    /// Easy handles are pooled and connections cached: neither may carry `insecure` or a CA
    /// bundle over to a later request that did not ask for it.
    @Test func trustDoesNotLeakIntoLaterRequests() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        for tls in [HTTPRequest.TLS(insecure: true), HTTPRequest.TLS(caBundle: pki.ca)] {
            let trusted = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json"), tls: tls))
            #expect(trusted.status == 200)
            let error = try await failure(of: HTTPRequest(url: server.url("/json")))
            #expect(error.kind == .tls, "after \(tls)")
        }
    }

    @Test func aClientCertificateIsPresentedWhenGiven() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki, requireClient: true)
        defer { server.stop() }
        let tls = HTTPRequest.TLS(caBundle: pki.ca, clientCertificate: pki.clientCertificate, clientKey: pki.clientKey)
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json"), tls: tls))
        #expect(response.status == 200)
        // Without it the server ends the connection. With TLS 1.3 the client's handshake is
        // over by then, so curl notices while sending the request or reading the answer, and
        // says so in words that vary with the moment ("alert certificate required",
        // "getpeername() failed ... not connected").
        let error = try await failure(of: HTTPRequest(url: server.url("/json"), tls: .init(caBundle: pki.ca)))
        #expect([.tls, .send, .receive].contains(error.kind), "\(error)")
    }

    @Test func aMissingCABundleFileFailsClearly() async throws {
        let pki = try await TestCertificates.shared()
        let server = try await TestServer.start(tls: pki)
        defer { server.stop() }
        let error = try await failure(of: HTTPRequest(url: server.url("/json"), tls: .init(caBundle: "/nonexistent/ca.pem")))
        #expect(error.kind == .tls)
        #expect(!error.requestMayHaveBeenSent)
    }
}
