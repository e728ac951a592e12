import Testing
import Transport

/// The connect, total and low-speed timeouts, against a loopback blackhole and slow endpoints.
@Suite(.exclusive) struct TimeoutTests {
    @Test func aConnectThatNeverCompletesTimesOut() async throws {
        let blackhole = try Blackhole()
        let request = HTTPRequest(method: "POST", url: "http://127.0.0.1:\(blackhole.port)/v2.1/servers",
                                  body: .bytes([1]), timeouts: .init(connect: 0.5))
        let (result, elapsed) = await timed(request)
        let error = try #require(result.error)
        #expect(error.kind == .timeout)
        #expect(!error.requestMayHaveBeenSent, "a POST that never connected is safe to retry")
        // Wall time: on the 2-core CI machine the whole suite's start stalled every test for about
        // 7 s once, which a 5 s bound did not survive. Without the connect timeout, curl would
        // wait 300 s: 30 s still tells the two apart.
        #expect(elapsed >= 0.45 && elapsed < 30, "took \(elapsed) s")
        _ = blackhole
    }

    @Test func theTotalTimeoutCutsASlowResponse() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (result, elapsed) = await timed(HTTPRequest(url: server.url("/delay?ms=5000"), timeouts: .init(total: 0.4)))
        let error = try #require(result.error)
        #expect(error.kind == .timeout)
        #expect(error.requestMayHaveBeenSent)
        #expect(elapsed >= 0.35 && elapsed < 3, "took \(elapsed) s")
    }

    @Test func aResponseWithinTheTotalTimeoutSucceeds() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/delay?ms=100"), timeouts: .init(total: 5)))
        #expect(response.status == 200)
    }

    @Test func aStalledTransferHitsTheLowSpeedLimit() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        var timeouts = HTTPRequest.Timeouts()
        timeouts.lowSpeedBytes = 1
        timeouts.lowSpeedSeconds = 1
        let (result, elapsed) = await timed(HTTPRequest(url: server.url("/hang"), timeouts: timeouts))
        let error = try #require(result.error)
        #expect(error.kind == .timeout)
        #expect(elapsed >= 0.9 && elapsed < 5, "took \(elapsed) s")
        #expect(try await server.waitFor("hanging", toBe: 0))
    }
}
