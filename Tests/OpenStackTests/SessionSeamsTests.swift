import Emulator
import JSONValue
import OpenStack
import Testing
import Transport

@Suite("session: what it is given (token store, journal, metrics, trace) and one renewal per call", .exclusive)
struct SessionSeamsTests {
    @Test("a service that refuses even the fresh token: one renewal, one replay, then unauthorized_after_reauthentication")
    @LoopActor func refusedAfterReauthentication() async throws {
        try await withEmulator { emulator in
            // The emulator's fault plan cannot answer 401: a transport in front of it does, to
            // every project listing, while token requests reach the emulator.
            let refusing = InterceptingTransport(Self.projectsRefused)
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: refusing))
            try await session.authenticate()
            do {
                _ = try await session.send(listProjects)
                Issue.record("expected a failure")
            } catch let error as OpenStackError {
                #expect(error.kind == .unauthorizedAfterReauthentication && error.status == 401, "\(error)")
                #expect(error.message == "refused again right after re-authentication: The request you have made requires authentication.")
                // Sent fourth: token, refused call, renewal, refused replay.
                #expect(error.requestID == "req-refused-3")
            }
            // The call and its one replay; the first token and the one renewal.
            #expect(refusing.intercepted == 2)
            #expect(session.tokensIssued == 2)
            #expect(try await emulator.tokensIssued() == 2)
        }
    }

    /// Keystone's 401 to every GET of the user's projects, whatever the token.
    @LoopActor static func projectsRefused(_ request: HTTPRequest, earlier: Int) -> HTTPResponse? {
        guard request.method == "GET", request.url.hasSuffix("/auth/projects") else { return nil }
        let body = #"{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}"#
        return HTTPResponse(status: 401, headers: ["Content-Type": "application/json", "X-Openstack-Request-Id": "req-refused-\(earlier)"],
                            body: Array(body.utf8))
    }

    @Test("requests, retries and errors are counted per service")
    @LoopActor func metricsCounted() async throws {
        try await withEmulator { emulator in
            let counts = RequestCounts()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: ManualClock(), metrics: counts))
            try await session.authenticate()
            _ = try await emulator.control("PUT", "faults", ["errors": [["method": "GET", "route": "/identity/v3/auth/projects",
                                                                      "rate": 1.0, "statuses": [502]]]])
            _ = try? await session.send(listProjects)
            // The token request, then five GETs: four of them retries, all five failed.
            #expect(counts.byService == ["keystone": RequestCounts.Counts(requests: 6, retries: 4, errors: 5)])
        }
    }

    @Test("the journal hears of each change sent, the trace of every request, and neither holds a secret")
    @LoopActor func journalAndTrace() async throws {
        try await withEmulator { emulator in
            let journal = JournalRecorder()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(journal: journal, tracer: journal))
            let userID = try #require(try await session.authenticate().userID)
            let path = "/users/\(userID)/application_credentials"
            let created = try await session.send(ServiceRequest(.identity, "POST", path, body: .json(["application_credential": ["name": "j"]])))
            // A script's own credential header is a secret in the trace too.
            _ = try await session.send(ServiceRequest(.identity, "GET", path, headers: ["Authorization": "Basic c2NyaXB0OnMzY3IzdA=="]))
            // Only the create: reads and the token request change nothing.
            #expect(journal.entries.map(\.method) == ["POST"])
            let entry = try #require(journal.entries.first)
            #expect(entry.service == "keystone" && entry.status == 201 && entry.attempt == 1)
            #expect(entry.url.hasSuffix("/v3" + path) && entry.requestID == created.requestID && entry.requestID != nil)
            #expect(journal.traced.map(\.method) == ["POST", "POST", "GET"])
            // The secret headers' values, to look for in what is printed. Only booleans reach
            // the expectations: a failing #expect prints its operands, and must not print these.
            let tokens = journal.traced.flatMap { traced in
                traced.headers.compactMap { header -> String? in
                    if case .secret(let secret) = header.value { return secret.reveal() } else { return nil }
                }
            }
            let everyCallHasAToken = tokens.count == 3 && tokens.allSatisfy { !$0.isEmpty }
            #expect(everyCallHasAToken)
            let printed = journal.traced.map(\.description) + journal.entries.map { "\($0)" }
            let tokenPrinted = printed.contains { text in tokens.contains { text.contains($0) } }
            let passwordPrinted = printed.contains { $0.contains("password") || $0.contains("\"admin\"") }
            #expect(!tokenPrinted)
            #expect(!passwordPrinted)
            #expect(journal.traced[1].description.contains("X-Auth-Token: {SHA256}"), "a token shows as its fingerprint")
            #expect(journal.traced[2].description.contains("Authorization: ***"))
            #expect(!printed.contains { $0.contains("c2NyaXB0OnMzY3IzdA==") })
        }
    }

    @Test("a token kept by the store is used by the next session of the same user instead of signing in again")
    @LoopActor func tokenStoreReused() async throws {
        try await withEmulator { emulator in
            let store = MemoryTokenStore()
            let first = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: store))
            _ = try await first.send(listProjects)
            let second = Session(config: emulator.cloudConfig(), seams: SessionSeams(tokenStore: store))
            #expect(try await second.send(listProjects).status == 200)
            #expect(try await emulator.tokensIssued() == 1)
            #expect(first.tokensIssued == 1 && second.tokensIssued == 0)
            // Another user under the same cloud name is never handed the kept token.
            var demoConfig = emulator.cloudConfig(user: "demo")
            demoConfig.name = emulator.cloudConfig().name
            let demo = Session(config: demoConfig, seams: SessionSeams(tokenStore: store))
            let demoProject = try await demo.authenticate().projectID
            #expect(demo.tokensIssued == 1 && demoProject != second.projectID)
            #expect(store.saved == 2)
        }
    }
}

/// A journal and a tracer that keep what they are told.
@LoopActor
final class JournalRecorder: JournalObserver, RequestTracer {
    private(set) var entries: [JournalEntry] = []
    private(set) var traced: [TracedRequest] = []

    func record(_ entry: JournalEntry) { entries.append(entry) }
    func willSend(_ request: TracedRequest) { traced.append(request) }
}

/// A token store in memory, shared by the sessions of one test.
@LoopActor
final class MemoryTokenStore: TokenStore {
    private var tokens: [String: StoredToken] = [:]
    private(set) var saved = 0

    func load(cloud: String) async -> StoredToken? { tokens[cloud] }

    func save(_ token: StoredToken, cloud: String) async {
        tokens[cloud] = token
        saved += 1
    }
}
