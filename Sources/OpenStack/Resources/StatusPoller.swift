import JSONValue
import Transport

/// One poll loop per kind that every wait on that kind shares: each round reads the statuses of
/// all the resources being waited for in one call (the kind's bulk status query; a GET by id
/// when only one is waited for) and hands each waiter its resource. Two hundred servers
/// building cost one list per round instead of two hundred GETs. The rounds start close
/// together and back off to the shortest interval the waiters asked for.
@LoopActor
final class StatusPoller {
    typealias Observation = Result<JSON, OpenStackError>
    typealias Poll = @LoopActor ([String]) async -> [String: Observation]

    private struct Waiter {
        let number: Int
        let interval: Double
        let continuation: CheckedContinuation<Observation, Never>
    }

    /// The first delay between rounds, and how much it grows after each.
    static let firstDelay = 0.5
    static let growth = 1.5

    private let poll: Poll
    private let clock: any SessionClock
    private var waiting: [String: [Waiter]] = [:]
    private var nextNumber = 0
    private var running = false
    /// Rounds polled so far (for tests and reports).
    private(set) var rounds = 0

    init(clock: any SessionClock, poll: @escaping Poll) {
        self.clock = clock
        self.poll = poll
    }

    /// The resource `id` as the next round finds it (a 404 error when it is gone). `interval`
    /// caps the delay between rounds while this waiter waits.
    func observe(_ id: String, interval: Double) async throws(OpenStackError) -> JSON {
        nextNumber += 1
        let number = nextNumber
        let observation = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting[id, default: []].append(Waiter(number: number, interval: interval, continuation: continuation))
                startIfIdle()
            }
        } onCancel: {
            Task { @LoopActor in self.leave(id, number) }
        }
        return try observation.get()
    }

    /// A cancelled waiter stops waiting at once; the rounds go on for the others.
    private func leave(_ id: String, _ number: Int) {
        guard let index = waiting[id]?.firstIndex(where: { $0.number == number }) else { return }
        let waiter = waiting[id]!.remove(at: index)
        if waiting[id]!.isEmpty { waiting[id] = nil }
        waiter.continuation.resume(returning: .failure(OpenStackError(.transport, "cancelled")))
    }

    private func startIfIdle() {
        guard !running else { return }
        running = true
        Task { @LoopActor in
            await self.run()
            self.running = false
            // A waiter that arrived as the loop was ending starts it again.
            if !self.waiting.isEmpty { self.startIfIdle() }
        }
    }

    /// Rounds until nobody waits: poll, answer, sleep. The delay starts short and grows to the
    /// shortest interval of the waiters of the round just answered (they are the ones about to
    /// ask again).
    private func run() async {
        var delay = Self.firstDelay
        while !waiting.isEmpty {
            let ids = waiting.keys.sorted()
            let cap = waiting.values.joined().map(\.interval).min() ?? Self.firstDelay
            let observations = await poll(ids)
            rounds += 1
            for id in ids {
                guard let waiters = waiting.removeValue(forKey: id) else { continue }
                let observation = observations[id] ?? .failure(OpenStackError(.http, "no status was read for \(id)"))
                for waiter in waiters { waiter.continuation.resume(returning: observation) }
            }
            // Let the waiters just answered run and ask again before the round's delay is decided.
            await Task.yield()
            delay = min(delay, cap)
            do {
                try await clock.sleep(seconds: delay)
            } catch {
                break
            }
            delay = min(delay * Self.growth, cap)
        }
    }
}
