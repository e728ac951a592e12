import Testing
import Transport

/// Cancelling a transfer takes it out of the multi handle at once and closes its connection,
/// which the server sees; the starter gets `cancelled` exactly once.
@Suite(.exclusive) struct CancellationTests {
    @Test func cancellingATransferClosesItsConnection() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let transfer = await HangingTransfer(url: server.url("/hang"))
        #expect(try await server.waitFor("hanging", toBe: 1))
        let removed = await transfer.cancel()
        #expect(removed == 1, "cancel must take the transfer out of the multi handle at once")
        let outcomes = await transfer.outcomes()
        #expect(outcomes == ["cancelled"])
        #expect(try await server.waitFor("hanging", toBe: 0), "the server still sees the connection open")
        #expect(try server.stats()["hang_closed"] == 1)
    }

    @Test func cancellingAPerformingTaskAbortsItsTransfer() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let url = server.url("/hang")
        let task = Task { try await EventLoop.shared.perform(HTTPRequest(url: url)) }
        #expect(try await server.waitFor("hanging", toBe: 1))
        task.cancel()
        let result = await task.result
        #expect(kind(of: result) == .cancelled)
        #expect(try await server.waitFor("hanging", toBe: 0))
    }

    @Test func aTaskCancelledBeforeItStartsNeverSendsTheRequest() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let url = server.url("/hang")
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await EventLoop.shared.perform(HTTPRequest(url: url))
        }
        let result = await task.result
        #expect(kind(of: result) == .cancelled)
        #expect(try server.stats()["hanging"] == 0)
    }

    @Test func cancelAfterCompletionChangesNothing() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let transfer = await HangingTransfer(url: server.url("/json"))
        let completed = await transfer.waitForOutcome()
        #expect(completed == ["200"])
        let removed = await transfer.cancel()
        #expect(removed == 0)
        try await EventLoop.shared.sleep(seconds: 0.05)
        #expect(await transfer.outcomes() == ["200"])
    }

    @Test func manyCancelledTransfersLeaveNothingBehind() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        var transfers: [HangingTransfer] = []
        for _ in 0..<20 { transfers.append(await HangingTransfer(url: server.url("/hang"))) }
        #expect(try await server.waitFor("hanging", toBe: 20))
        for transfer in transfers { _ = await transfer.cancel() }
        #expect(try await server.waitFor("hanging", toBe: 0))
        for transfer in transfers { #expect(await transfer.outcomes() == ["cancelled"]) }
        // Cancelled handles went back to the pool reset: the next requests work.
        let response = try await EventLoop.shared.perform(HTTPRequest(url: server.url("/json")))
        #expect(response.status == 200)
    }
}

/// A transfer started with the callback API, recording every outcome it is given.
@LoopActor
final class HangingTransfer {
    private var handle: TransferHandle?
    private var delivered: [String] = []
    private var waiter: CheckedContinuation<[String], Never>?

    init(url: String) {
        handle = EventLoop.shared.start(HTTPRequest(url: url)) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let response): delivered.append(String(response.status))
            case .failure(let error): delivered.append(error.kind.rawValue)
            }
            waiter?.resume(returning: delivered)
            waiter = nil
        }
    }

    /// Cancels; returns by how much the loop's transfer count dropped right then.
    func cancel() -> Int {
        let before = EventLoop.shared.transfersInFlight
        handle?.cancel()
        return before - EventLoop.shared.transfersInFlight
    }

    /// The outcomes so far, after letting queued completions run.
    func outcomes() async -> [String] {
        await withCheckedContinuation { continuation in
            EventLoop.shared.execute { continuation.resume(returning: self.delivered) }
        }
    }

    func waitForOutcome() async -> [String] {
        if !delivered.isEmpty { return delivered }
        return await withCheckedContinuation { waiter = $0 }
    }
}

/// The kind of TransportError a task ended with, if it ended with one.
func kind(of result: Result<HTTPResponse, any Error>) -> TransportError.Kind? {
    guard case .failure(let error) = result else { return nil }
    return (error as? TransportError)?.kind
}
