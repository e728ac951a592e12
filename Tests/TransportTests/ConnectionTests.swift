import Testing
import Transport

/// Connection reuse and concurrency, seen from the server: each response names the TCP
/// connection it went out on (X-Connection-Id).
@Suite struct ConnectionTests {
    @Test func sequentialRequestsShareOneConnection() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        var connections: Set<String> = []
        var opened = 0
        for _ in 0..<40 {
            let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json")))
            connections.insert(response.headers["x-connection-id"] ?? "none")
            opened += response.connectionsOpened
        }
        #expect(connections.count == 1)
        #expect(opened == 1)
        // Body-carrying requests and error statuses keep the connection too.
        for path in ["/status/404", "/blob/a", "/json"] {
            let method = path == "/blob/a" ? "PUT" : "GET"
            let response = try await EventLoop.shared.perform(
                HTTPRequest(method: method, url: server.url(path), body: method == "PUT" ? .bytes([1, 2, 3]) : .none))
            connections.insert(response.headers["x-connection-id"] ?? "none")
        }
        #expect(connections.count == 1)
        #expect(try server.stats()["connections_opened"] == 2, "ours, and the one /stats came on")
    }

    @Test func fiftyDelayedRequestsRunAtOnce() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let url = server.url("/delay?ms=200")
        let start = Clock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await EventLoop.shared.perform(HTTPRequest(url: url)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = Clock.now - start
        #expect(statuses == Array(repeating: 200, count: 50))
        // One after another they would take 10 s; the bound is generous for a loaded machine.
        #expect(elapsed < 3, "50 requests of 200 ms took \(elapsed) s")
    }
}

extension ConnectionTests {
    /// A script that runs bursts of parallel calls (parallel.map over servers, then over
    /// volumes) should not reconnect for every burst.
    @Test func aSecondBurstReusesTheFirstBurstsConnections() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let url = server.url("/delay?ms=50")
        for _ in 0..<2 {
            _ = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 { group.addTask { try await EventLoop.shared.perform(HTTPRequest(url: url)).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let opened = try server.stats()["connections_opened"] ?? 0
        #expect(opened <= 31, "\(opened) connections for two bursts of 30 (and /stats)")
    }
}
