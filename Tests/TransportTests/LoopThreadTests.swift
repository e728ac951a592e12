import Testing
import Transport

/// The OpenStack clients will be async Swift; the loop thread is the executor of @LoopActor.
/// These tests start work from tasks off the loop and check where it completes.
@Suite(.exclusive) struct LoopThreadTests {
    @Test func performWorksFromATaskOffTheLoop() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        #expect(!EventLoop.shared.isLoopThread)
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json")))
        #expect(response.status == 200)
    }

    @Test func aCompletionRunsOnTheLoopThread() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (onLoop, status) = await Self.startAndAwait(server.url("/json"))
        #expect(onLoop)
        #expect(status == 200)
    }

    @Test func codeAfterPerformRunsOnTheLoopThread() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let threads = try await Self.performOnLoop(server.url("/json"))
        #expect(threads == [true, true])
    }

    /// Many tasks on the global executor, each handing a request to the loop while it may be
    /// asleep in curl_multi_poll: every one must wake it and complete.
    @Test func requestsFromManyThreadsAllComplete() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let url = server.url("/json")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<60 {
                group.addTask { try await EventLoop.shared.perform(HTTPRequest(url: url)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 60))
    }

    @Test func executeAndRunBlockingReachTheLoopThread() async throws {
        let onLoop = await withCheckedContinuation { continuation in
            EventLoop.shared.execute { continuation.resume(returning: EventLoop.shared.isLoopThread) }
        }
        #expect(onLoop)
        let fromBlocking = await Task.detached { EventLoop.shared.runBlocking { EventLoop.shared.isLoopThread } }.value
        #expect(fromBlocking)
    }

    @Test func sleepWaitsOnTheLoopTimers() async throws {
        let elapsed = try await Self.timedSleep(0.2)
        #expect(elapsed >= 0.19)
        #expect(elapsed < 3)
    }

    @LoopActor
    static func timedSleep(_ seconds: Double) async throws -> Double {
        let start = Clock.now
        try await EventLoop.shared.sleep(seconds: seconds)
        return Clock.now - start
    }

    @Test func cancellingASleepingTaskEndsItsSleepAtOnce() async throws {
        let start = Clock.now
        let sleeper = Task { try await EventLoop.shared.sleep(seconds: 60) }
        try await EventLoop.shared.sleep(seconds: 0.05)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(Clock.now - start < 30, "the sleep of 60 s was not cut short")
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesNever() async {
        let fired = await Self.scheduleTimers()
        #expect(fired == ["10 ms", "30 ms", "50 ms"])
    }

    // MARK: Loop-isolated helpers

    @LoopActor
    static func startAndAwait(_ url: String) async -> (onLoop: Bool, status: Int?) {
        await withCheckedContinuation { continuation in
            EventLoop.shared.start(HTTPRequest(url: url)) { result in
                continuation.resume(returning: (EventLoop.shared.isLoopThread, try? result.get().status))
            }
        }
    }

    @LoopActor
    static func performOnLoop(_ url: String) async throws -> [Bool] {
        let before = EventLoop.shared.isLoopThread
        _ = try await EventLoop.shared.perform(HTTPRequest(url: url))
        return [before, EventLoop.shared.isLoopThread]
    }

    @LoopActor
    static func scheduleTimers() async -> [String] {
        await withCheckedContinuation { continuation in
            var fired: [String] = []
            let loop = EventLoop.shared
            loop.schedule(after: 0.05) { fired.append("50 ms") }
            loop.schedule(after: 0.01) { fired.append("10 ms") }
            let cancelled = loop.schedule(after: 0.02) { fired.append("20 ms, cancelled") }
            loop.schedule(after: 0.03) { fired.append("30 ms") }
            loop.cancelTimer(cancelled)
            loop.schedule(after: 0.2) { continuation.resume(returning: fired) }
        }
    }
}
