import Testing
import Transport

/// The body as text.
func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

/// The error `request` fails with; an issue is recorded if it succeeds.
func failure(of request: HTTPRequest) async throws -> TransportError {
    let result: Result<HTTPResponse, TransportError>
    do {
        result = .success(try await EventLoop.shared.perform(request))
    } catch {
        result = .failure(error)
    }
    switch result {
    case .failure(let error):
        return error
    case .success(let response):
        Issue.record("expected a failure, got status \(response.status)")
        throw ExpectedFailure()
    }
}

struct ExpectedFailure: Error {}

// Elapsed times are measured on the loop thread. Measured in a test task instead, they would
// include the wait for a free thread of the cooperative pool, which on a loaded two-core
// machine can be longer than the thing measured.

/// Performs `request` from the loop: its outcome and how long it took.
@LoopActor
func timed(_ request: HTTPRequest) async -> (result: Result<HTTPResponse, TransportError>, seconds: Double) {
    let start = Clock.now
    do {
        let response = try await EventLoop.shared.perform(request)
        return (.success(response), Clock.now - start)
    } catch {
        return (.failure(error), Clock.now - start)
    }
}

/// Performs `requests` all at once from the loop: their statuses (0 for a failure) in order,
/// and how long they took together.
@LoopActor
func performAll(_ requests: [HTTPRequest]) async -> (statuses: [Int], seconds: Double) {
    let start = Clock.now
    let tasks = requests.map { request in
        Task { @LoopActor in (try? await EventLoop.shared.perform(request).status) ?? 0 }
    }
    var statuses: [Int] = []
    for task in tasks { statuses.append(await task.value) }
    return (statuses, Clock.now - start)
}

extension Result where Failure == TransportError {
    var error: TransportError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
