import Emulator
import JSONValue
@testable import OpenStack
import Testing
import Transport

@Suite("session: tokens shared, renewed and replaced", .exclusive)
struct SessionAuthTests {
    @Test("concurrent first calls share one token")
    @LoopActor func singleFlightFirstAuth() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig())
            let calls = (0..<20).map { _ in Task { @LoopActor in try await session.send(listProjects).status } }
            for call in calls {
                let status = try await call.value
                #expect(status == 200)
            }
            #expect(try await emulator.tokensIssued() == 1)
            #expect(session.tokensIssued == 1)
        }
    }

    @Test("a token about to expire is renewed before use, without a 401")
    @LoopActor func proactiveRenewal() async throws {
        try await withEmulator(tokenTTL: 400) { emulator in
            let clock = ManualClock()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock))
            _ = try await session.send(listProjects)
            clock.advance(seconds: 250) // 150 s left: more than a quarter of the lifetime
            _ = try await session.send(listProjects)
            #expect(try await emulator.tokensIssued() == 1)
            clock.advance(seconds: 100) // 50 s left: under a quarter
            _ = try await session.send(listProjects)
            #expect(try await emulator.tokensIssued() == 2)
            #expect(try await emulator.requests(withStatus: 401) == 0)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("a refused token is renewed once for all the calls that were refused, and each is replayed")
    @LoopActor func reauthenticationOnUnauthorized() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig())
            let first = try await session.authenticate().value.reveal()
            // Keystone revokes the session's token, as when an operator rotates credentials:
            // every call that uses it is refused from now on.
            _ = try await session.send(ServiceRequest(.identity, "DELETE", "/auth/tokens", headers: ["X-Subject-Token": first]))
            let calls = (0..<20).map { _ in Task { @LoopActor in try await session.send(listProjects).status } }
            for call in calls {
                let status = try await call.value
                #expect(status == 200)
            }
            #expect(try await emulator.tokensIssued() == 2)
            #expect(try await emulator.requests(withStatus: 401) == 20)
        }
    }

    @Test("when the credentials stop working, the error says re-authentication failed")
    @LoopActor func couldNotReauthenticate() async throws {
        try await withEmulator { emulator in
            let admin = Session(config: emulator.cloudConfig())
            try await admin.authenticate()
            let userID = try #require(try await admin.authenticate().userID)
            let created = try await admin.sendJSON(ServiceRequest(.identity, "POST", "/users/\(userID)/application_credentials",
                                                                  body: .json(["application_credential": ["name": "ci"]])))
            let id = try #require(created["application_credential"]?["id"]?.stringValue)
            let secret = try #require(created["application_credential"]?["secret"]?.stringValue)
            var config = emulator.cloudConfig()
            config.auth = .applicationCredential(id: id, name: nil, user: nil, secret: Secret(secret))
            config.scope = .unscoped
            let robot = Session(config: config)
            _ = try await robot.send(listProjects)
            // Deleting the credential revokes its tokens: the next call gets 401, and so does re-auth.
            _ = try await admin.send(ServiceRequest(.identity, "DELETE", "/users/\(userID)/application_credentials/\(id)"))
            do {
                _ = try await robot.send(listProjects)
                Issue.record("expected an authentication error")
            } catch let error as OpenStackError {
                #expect(error.kind == .authentication)
                #expect(error.message.hasPrefix("could not re-authenticate after keystone refused the token"))
                #expect(error.status == 401)
                #expect(!error.description.contains(secret))
            }
        }
    }

    @Test("wrong credentials: Keystone's refusal, no password in the error")
    @LoopActor func wrongPassword() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig(password: "not-the-password"))
            do {
                try await session.authenticate()
                Issue.record("expected an authentication error")
            } catch let error as OpenStackError {
                #expect(error.kind == .authentication && error.status == 401 && error.service == "keystone")
                #expect(error.requestID?.hasPrefix("req-") == true)
                #expect(!error.description.contains("not-the-password"))
            }
        }
    }

    @Test("token sign-in with a token Keystone does not know: its 404 is an authentication error, not a wrong URL")
    @LoopActor func unknownToken() async throws {
        try await withEmulator { emulator in
            var config = emulator.cloudConfig()
            config.auth = .token(Secret("gAAAAA-no-such-token-4711"))
            do {
                try await Session(config: config).authenticate()
                Issue.record("expected an authentication error")
            } catch let error as OpenStackError {
                #expect(error.kind == .authentication, "\(error)")
                #expect(error.status == 404 && error.service == "keystone")
                #expect(error.message.contains("Could not recognize Fernet token"))
                #expect(!error.description.contains("no-such-token-4711"))
            }
        }
    }

    @Test("token sign-in at a URL that is no Keystone: a 404 naming /v3/auth/tokens is still a wrong auth_url")
    @LoopActor func tokenAtWrongURL() async throws {
        let server = try await TestServer.start()
        // The fixture server answers the POST with 404 {"error": "no route for /v3/auth/tokens"}:
        // its text names the token path, yet it is not Keystone's error document.
        let config = CloudConfig(name: "nowhere", authURL: server.url("/v3"), auth: .token(Secret("gAAAAA-some-token")))
        let failure: OpenStackError?
        do {
            _ = try await Session(config: config).authenticate()
            failure = nil
        } catch {
            failure = error
        }
        server.stop()
        let error = try #require(failure, "expected a configuration error")
        #expect(error.kind == .configuration && error.status == 404, "\(error)")
        #expect(error.message.contains("no Keystone token API at this URL"), "\(error.message)")
    }

    @Test("a second user gets a token of their own project")
    @LoopActor func secondUser() async throws {
        try await withEmulator { emulator in
            let admin = Session(config: emulator.cloudConfig())
            let demo = Session(config: emulator.cloudConfig(user: "demo"))
            let adminProject = try await admin.authenticate().projectID
            let demoProject = try await demo.authenticate().projectID
            #expect(adminProject != nil && demoProject != nil && adminProject != demoProject)
        }
    }
}
