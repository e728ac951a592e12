import Emulator
import JSONValue
import OpenStack
import Testing
import Transport

@Suite("session: what is retried and what is not", .exclusive)
struct SessionRetryTests {
    /// A session whose backoff is short, so retried tests stay fast.
    @LoopActor func quickSession(_ emulator: OpenStackEmulator) -> Session {
        let session = Session(config: emulator.cloudConfig())
        session.retryPolicy.baseDelay = 0.01
        session.retryPolicy.maxDelay = 0.05
        return session
    }

    @Test("a GET answered 503 is retried up to the limit, then fails with the service's status")
    @LoopActor func getRetriedThenFails() async throws {
        try await withEmulator { emulator in
            let session = quickSession(emulator)
            try await session.authenticate()
            _ = try await emulator.control("PUT", "faults", ["errors": [["service": "identity", "method": "GET", "rate": 1.0, "statuses": [503], "retry_after": 0]]])
            do {
                _ = try await session.send(listProjects)
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .http && error.status == 503 && error.attempts == 5)
            }
            #expect(try await emulator.requests(withStatus: 503) == 5)
        }
    }

    @Test("a POST answered 503 is not sent again: the outcome is unknown")
    @LoopActor func postNotRepeated() async throws {
        try await withEmulator { emulator in
            let session = quickSession(emulator)
            let userID = try #require(try await session.authenticate().userID)
            _ = try await emulator.control("PUT", "faults", ["errors": [["service": "identity", "method": "POST",
                                                                      "route": "/identity/v3/users/{user_id}/application_credentials",
                                                                      "rate": 1.0, "statuses": [503]]]])
            do {
                _ = try await session.send(ServiceRequest(.identity, "POST", "/users/\(userID)/application_credentials",
                                                          body: .json(["application_credential": ["name": "x"]])))
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .outcomeUnknown && error.status == 503)
            }
            #expect(try await emulator.requests(withStatus: 503) == 1)
        }
    }

    @Test("a POST whose connection dropped after it was processed is not repeated")
    @LoopActor func droppedAfterProcessing() async throws {
        try await withEmulator { emulator in
            let session = quickSession(emulator)
            let userID = try #require(try await session.authenticate().userID)
            _ = try await emulator.control("PUT", "faults", ["drops": [["method": "POST", "route": "/identity/v3/users/{user_id}/application_credentials",
                                                                      "rate": 1.0, "when": "after"]]])
            do {
                _ = try await session.send(ServiceRequest(.identity, "POST", "/users/\(userID)/application_credentials",
                                                          body: .json(["application_credential": ["name": "once"]])))
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .outcomeUnknown)
                #expect(error.message.contains("may have acted on it"))
            }
            _ = try await emulator.control("DELETE", "faults")
            // The credential exists exactly once: the create happened, and was not repeated.
            let listed = try await session.sendJSON(ServiceRequest(.identity, "GET", "/users/\(userID)/application_credentials"))
            #expect(listed["application_credentials"]?.arrayValue?.count == 1)
        }
    }

    @Test("a GET whose connection dropped is retried and succeeds")
    @LoopActor func droppedGetRetried() async throws {
        try await withEmulator { emulator in
            let session = quickSession(emulator)
            try await session.authenticate()
            _ = try await emulator.control("PUT", "faults", ["seed": 3, "drops": [["method": "GET", "route": "/identity/v3/auth/projects", "rate": 0.5]]])
            for _ in 0..<10 { #expect(try await session.send(listProjects).status == 200) }
            let faults = try await emulator.control("GET", "stats")["faults"]
            let dropped = (faults?["dropped_before"]?.intValue ?? 0) + (faults?["dropped_after"]?.intValue ?? 0)
            #expect(dropped > 0)
        }
    }

    @Test("Keystone failing with 500 after every retry is an authentication error, with its status, message and request id")
    @LoopActor func keystoneFailing() async throws {
        try await withEmulator { emulator in
            let clock = ManualClock()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock))
            _ = try await emulator.control("PUT", "faults", ["errors": [["service": "identity", "method": "POST", "route": "/identity/v3/auth/tokens",
                                                                      "rate": 1.0, "statuses": [500]]]])
            do {
                try await session.authenticate()
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .authentication && error.status == 500 && error.requestID != nil, "\(error)")
                #expect(error.message == "Keystone failed to issue a token: "
                    + "The server has either erred or is incapable of performing the requested operation.")
                #expect(error.attempts == 5)
            }
            #expect(try await emulator.requests(withStatus: 500) == 5)
            #expect(clock.sleeps.count == 4)
        }
    }

    @Test("Keystone answering 500 twice, then issuing the token: the token request is retried and succeeds")
    @LoopActor func keystoneRecovers() async throws {
        try await withEmulator { emulator in
            let failing = InterceptingTransport(Self.keystoneFailsTwice)
            let clock = ManualClock()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock, transport: failing))
            let answer = try await session.send(listProjects)
            #expect(answer.status == 200)
            #expect(failing.intercepted == 2)
            #expect(session.tokensIssued == 1)
            #expect(try await emulator.tokensIssued() == 1)
            #expect(clock.sleeps == [0.5, 1])
        }
    }

    /// Keystone's first two token requests answered 500, as Keystone does when its database is
    /// away for a moment.
    @LoopActor static func keystoneFailsTwice(_ request: HTTPRequest, earlier: Int) -> HTTPResponse? {
        guard request.url.hasSuffix("/auth/tokens"), earlier < 2 else { return nil }
        let body = #"{"error": {"code": 500, "message": "database gone", "title": "Internal Server Error"}}"#
        return HTTPResponse(status: 500, headers: ["Content-Type": "application/json", "X-Openstack-Request-Id": "req-\(earlier)"],
                            body: Array(body.utf8))
    }

    @Test("backoff between retries doubles, on the session's clock")
    @LoopActor func backoffDelays() async throws {
        try await withEmulator { emulator in
            let clock = ManualClock(jitter: 1)
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock))
            try await session.authenticate()
            // 502 comes without Retry-After: the delays are the policy's own.
            _ = try await emulator.control("PUT", "faults", ["errors": [["method": "GET", "route": "/identity/v3/auth/projects",
                                                                      "rate": 1.0, "statuses": [502]]]])
            do {
                _ = try await session.send(listProjects)
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .http && error.status == 502 && error.attempts == 5)
            }
            #expect(clock.sleeps == [0.5, 1, 2, 4])
        }
    }

    @Test("a call's timeout bounds its retries on the session's clock: no retry starts that could not end in time")
    @LoopActor func deadlineOnSessionClock() async throws {
        try await withEmulator { emulator in
            let clock = ManualClock(jitter: 1)
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock))
            try await session.authenticate()
            _ = try await emulator.control("PUT", "faults", ["errors": [["method": "GET", "route": "/identity/v3/auth/projects",
                                                                      "rate": 1.0, "statuses": [502]]]])
            do {
                _ = try await CallDeadline.within(1.2, clock: clock) { () async throws(OpenStackError) in try await session.send(listProjects) }
                Issue.record("expected a timeout")
            } catch let error as OpenStackError {
                #expect(error.kind == .timeout && error.status == 502, "\(error)")
                #expect(error.message.hasPrefix("no answer within the call's timeout of 1.2 s"))
            }
            // 0.5 s, then 0.7 s left: the next delay (1 s) would outlast the call.
            #expect(clock.sleeps == [0.5])
        }
    }

    @Test("clouds.yaml's connect_retries counts the retries of a request that could not connect, apart from api_retry_count")
    @LoopActor func connectRetries() async throws {
        // Nothing listens on port 1: every attempt is refused before anything is sent.
        var config = CloudConfig(name: "nowhere", authURL: "http://127.0.0.1:1/identity",
                                 auth: .password(user: UserReference(name: "u", domainName: "Default"), password: Secret("p")))
        config.apiRetries = 3
        for (connectRetries, attempts) in [(1, 2), (0, 1), (nil, 4)] as [(Int?, Int)] {
            config.connectRetries = connectRetries
            let clock = ManualClock(jitter: 1)
            let session = Session(config: config, seams: SessionSeams(clock: clock))
            do {
                try await session.authenticate()
                Issue.record("expected a failure")
            } catch {
                #expect(error.kind == .unreachable && error.attempts == attempts, "connect_retries \(connectRetries as Any): \(error)")
            }
            #expect(clock.sleeps.count == attempts - 1)
        }
    }

    @Test("429 is waited out (Retry-After) and retried, for any method")
    @LoopActor func rateLimited() async throws {
        try await withEmulator { emulator in
            let session = quickSession(emulator)
            try await session.authenticate()
            _ = try await emulator.control("PUT", "faults", ["seed": 1, "errors": [["route": "/identity/v3/auth/projects", "rate": 0.5, "statuses": [429], "retry_after": 0]]])
            for _ in 0..<6 { #expect(try await session.send(listProjects).status == 200) }
            #expect(try await emulator.requests(withStatus: 429) > 0)
        }
    }
}
