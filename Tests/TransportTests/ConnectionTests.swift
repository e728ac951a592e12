import Testing
import Transport

/// Connection reuse and concurrency, seen from the server: each response names the TCP
/// connection it went out on (X-Connection-Id).
@Suite(.exclusive) struct ConnectionTests {
    @Test func sequentialRequestsShareOneConnection() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (connections, opened) = await Self.sequentially(40, server.url("/json"))
        #expect(connections.count == 1)
        #expect(opened == 1)
        // Body-carrying requests and error statuses keep the connection too.
        var more: Set<String> = connections
        for (method, path) in [("GET", "/status/404"), ("PUT", "/blob/a"), ("GET", "/json")] {
            let response = try await EventLoop.shared.perform(
                HTTPRequest(method: method, url: server.url(path), body: method == "PUT" ? .bytes([1, 2, 3]) : .none))
            more.insert(response.headers["x-connection-id"] ?? "none")
        }
        #expect(more.count == 1)
        #expect(try server.stats()["connections_opened"] == 2, "ours, and the one /stats came on")
    }

    /// Requests one after another from the loop; the connection ids the server named, and the
    /// connections curl opened.
    @LoopActor
    static func sequentially(_ count: Int, _ url: String) async -> (Set<String>, Int) {
        var connections: Set<String> = []
        var opened = 0
        for _ in 0..<count {
            guard let response = try? await EventLoop.shared.perform(HTTPRequest(url: url)) else { continue }
            connections.insert(response.headers["x-connection-id"] ?? "none")
            opened += response.connectionsOpened
        }
        return (connections, opened)
    }

    @Test func fiftyDelayedRequestsRunAtOnce() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/delay?ms=200"))
        let (statuses, seconds) = await performAll(Array(repeating: request, count: 50))
        #expect(statuses == Array(repeating: 200, count: 50))
        // A client that sends one at a time peaks at 1; allow for a slow server on a loaded machine.
        #expect(try server.stats()["delay_peak"] ?? 0 >= 25, "the server never had many waiting at once")
        // One after another they would take 10 s; the bound is generous for a loaded machine.
        #expect(seconds < 3, "50 requests of 200 ms took \(seconds) s")
    }
}

extension ConnectionTests {
    /// A script that runs bursts of parallel calls (parallel.map over servers, then over
    /// volumes) should not reconnect for every burst.
    @Test func aSecondBurstReusesTheFirstBurstsConnections() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let request = HTTPRequest(url: server.url("/delay?ms=50"))
        for _ in 0..<2 { _ = await performAll(Array(repeating: request, count: 30)) }
        let opened = try server.stats()["connections_opened"] ?? 0
        #expect(opened <= 31, "\(opened) connections for two bursts of 30 (and /stats)")
    }
}

extension ConnectionTests {
    /// Many transfers at once must not push their own connections out of curl's cache (its
    /// size counts connections in use): 200 workers of 3 requests each need 200 connections.
    @Test func highConcurrencyReusesItsConnections() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let failures = await Self.workers(200, requestsEach: 3, url: server.url("/delay?ms=20"))
        #expect(failures == 0)
        let opened = try server.stats()["connections_opened"] ?? 0
        #expect(opened <= 201, "\(opened) connections for 200 workers (and /stats)")
    }

    @LoopActor
    static func workers(_ count: Int, requestsEach: Int, url: String) async -> Int {
        let tasks = (0..<count).map { _ in
            Task { @LoopActor in
                var failures = 0
                for _ in 0..<requestsEach where (try? await EventLoop.shared.perform(HTTPRequest(url: url)))?.status != 200 {
                    failures += 1
                }
                return failures
            }
        }
        var failures = 0
        for task in tasks { failures += await task.value }
        return failures
    }
}
