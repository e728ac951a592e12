import Transport

/// Runs the work of one key at a time, in arrival order; different keys run side by side. For
/// `ensure` and `absent`: two tasks ensuring the same name must not both see "missing" and
/// both create.
@LoopActor
final class SerialKeys {
    /// A key is present while its work runs; the continuations are what waits behind it.
    private var queues: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T>(_ key: String, _ body: () async throws(OpenStackError) -> T) async throws(OpenStackError) -> T {
        if queues[key] != nil {
            await withCheckedContinuation { queues[key, default: []].append($0) }
        } else {
            queues[key] = []
        }
        defer { handOn(key) }
        return try await body()
    }

    /// Lets the next waiter of `key` in, or frees the key.
    private func handOn(_ key: String) {
        guard var waiting = queues[key], !waiting.isEmpty else {
            queues[key] = nil
            return
        }
        let next = waiting.removeFirst()
        queues[key] = waiting
        next.resume()
    }
}
