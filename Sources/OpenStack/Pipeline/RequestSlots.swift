import Transport

/// How many requests a session has in flight to each service at once: a script that spawns 500
/// tasks must not send 500 requests to one API together (rate limits and 409s follow). A
/// request beyond the limit waits its turn, first come first served; a cancelled one stops
/// waiting at once.
@LoopActor
final class RequestSlots {
    /// At most this many requests per service at once.
    var limit: Int
    private var inFlight: [String: Int] = [:]
    private var queues: [String: [(number: Int, continuation: CheckedContinuation<Bool, Never>)]] = [:]
    private var nextNumber = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Waits for a slot of `service`; false when the task was cancelled while it waited.
    func acquire(_ service: String) async -> Bool {
        if inFlight[service, default: 0] < limit, queues[service, default: []].isEmpty {
            inFlight[service, default: 0] += 1
            return true
        }
        nextNumber += 1
        let number = nextNumber
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(returning: false)
                } else {
                    queues[service, default: []].append((number, continuation))
                }
            }
        } onCancel: {
            Task { @LoopActor in self.abandon(service, number) }
        }
    }

    /// Gives the slot to the next waiter, or frees it.
    func release(_ service: String) {
        if var queue = queues[service], !queue.isEmpty {
            let next = queue.removeFirst()
            queues[service] = queue
            next.continuation.resume(returning: true) // the slot passes on: in flight stays the same
            return
        }
        inFlight[service, default: 1] -= 1
    }

    private func abandon(_ service: String, _ number: Int) {
        guard let index = queues[service]?.firstIndex(where: { $0.number == number }) else { return }
        let waiter = queues[service]!.remove(at: index)
        waiter.continuation.resume(returning: false)
    }
}
