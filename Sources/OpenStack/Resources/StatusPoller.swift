import JSONValue
import Transport

/// One poll loop per kind that every wait on that kind shares: each round reads the statuses of
/// all the resources being waited for in one call (the kind's bulk status query; a GET by id
/// when only one is waited for) and hands each waiter its resource. Two hundred servers
/// building cost one list per round instead of two hundred GETs. The rounds start close
/// together and back off to the shortest interval the waiters asked for; a wait's first read
/// does not wait for that backoff (`joinDelay`).
@LoopActor
final class StatusPoller {
    typealias Observation = Result<JSON, OpenStackError>
    typealias Poll = @LoopActor ([String]) async -> [String: Observation]

    private struct Waiter {
        let number: Int
        let interval: Double
        let continuation: CheckedContinuation<Observation, Never>
        /// Ends the wait at the waiter's deadline if no round has answered by then.
        var timer: Task<Void, Never>?
    }

    /// The first delay between rounds, and how much it grows after each.
    static let firstDelay = 0.5
    static let growth = 1.5
    /// How soon a round follows a wait's first read that joins a loop between rounds: short
    /// enough that the read is, for the caller, at once (a task that attaches a volume and then
    /// waits for in-use should not sit out a 2 s backoff), long enough that the waits that start
    /// together (a `parallel.map`'s tasks, 16 requests in flight answering within milliseconds
    /// of each other) share that round rather than each cutting a round of its own.
    static let joinDelay = 0.05

    private let poll: Poll
    private let clock: any SessionClock
    private var waiting: [String: [Waiter]] = [:]
    private var nextNumber = 0
    private var running = false
    /// The loop's rest between rounds, while it rests: what ends it, when, and which nap (a
    /// clock sleep) is to end it; a first read that joins replaces the nap with a shorter one.
    private var wake: CheckedContinuation<Void, Never>?
    private var napEnds: UInt64 = 0
    private var napNumber = 0
    private var napTask: Task<Void, Never>?
    /// A first read joined since the current round started: the rest after it is `cutDelay`.
    private var firstReadPending = false
    /// How soon a first read brings the next round: `joinDelay`, growing by `growth` with each
    /// rest cut short in a row, up to the interval. Waits that keep starting one by one (tasks
    /// finishing at different times) would otherwise make the rounds run at their rate, a
    /// list call every 50 ms; a rest that passes with no first read joining, or that starts
    /// with nobody waiting, resets it.
    private var cutDelay = joinDelay
    private var restCut = false
    private var joinedSinceRound = false
    /// Rounds polled so far (for tests and reports).
    private(set) var rounds = 0

    init(clock: any SessionClock, poll: @escaping Poll) {
        self.clock = clock
        self.poll = poll
    }

    /// The resource `id` as a round started after this call finds it (a 404 error when it is
    /// gone). `interval` caps the delay between rounds while this waiter waits; at `deadline`
    /// (on the clock) it stops waiting with a `timeout` error, whatever the rounds are doing.
    /// `firstRead` (a wait's first look, not its asking again after a round) brings the next
    /// round to within `joinDelay`, or at once when the loop is idle.
    func observe(_ id: String, interval: Double, deadline: UInt64? = nil, firstRead: Bool = false) async throws(OpenStackError) -> JSON {
        nextNumber += 1
        let number = nextNumber
        let observation = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                var waiter = Waiter(number: number, interval: interval, continuation: continuation)
                if let deadline {
                    let clock = clock
                    waiter.timer = Task { @LoopActor [weak self] in
                        do {
                            try await clock.sleep(seconds: clock.secondsUntil(deadline))
                        } catch {
                            return
                        }
                        self?.release(id, number, with: .failure(OpenStackError(.timeout, "no status read for \(id) before the wait's deadline")))
                    }
                }
                waiting[id, default: []].append(waiter)
                if running && firstRead { hurry() }
                startIfIdle()
            }
        } onCancel: {
            Task { @LoopActor in self.release(id, number, with: .failure(OpenStackError(.transport, "cancelled"))) }
        }
        return try observation.get()
    }

    /// Answers one waiter before any round does: it was cancelled, or its deadline passed. The
    /// rounds go on for the others.
    private func release(_ id: String, _ number: Int, with observation: Observation) {
        guard let index = waiting[id]?.firstIndex(where: { $0.number == number }) else { return }
        let waiter = waiting[id]!.remove(at: index)
        if waiting[id]!.isEmpty { waiting[id] = nil }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: observation)
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
            // Only those waiting when the round starts are answered by it: one who asks during
            // the round (after a reboot, say) must not get a status read before it asked.
            let roundStart = nextNumber
            firstReadPending = false
            joinedSinceRound = false
            let observations = await poll(ids)
            rounds += 1
            for id in ids {
                guard let waiters = waiting[id] else { continue }
                let observation = observations[id] ?? .failure(OpenStackError(.http, "no status was read for \(id)"))
                let (answered, later) = (waiters.filter { $0.number <= roundStart }, waiters.filter { $0.number > roundStart })
                waiting[id] = later.isEmpty ? nil : later
                for waiter in answered {
                    waiter.timer?.cancel()
                    waiter.continuation.resume(returning: observation)
                }
            }
            // Let the waiters just answered run and ask again before the round's delay is decided.
            await Task.yield()
            delay = min(delay, cap)
            // Nobody left waiting: the loop is as good as idle, and the next first read is not
            // one of a stream of them.
            if waiting.isEmpty { cutDelay = Self.joinDelay }
            restCut = firstReadPending && cutDelay < delay
            await rest(restCut ? cutDelay : delay)
            if restCut {
                cutDelay = min(cutDelay * Self.growth, max(cap, Self.joinDelay))
            } else if !joinedSinceRound {
                cutDelay = Self.joinDelay
            }
            delay = min(delay * Self.growth, cap)
        }
    }

    /// Sleeps `seconds` on the clock between two rounds, or less if a first read joins.
    private func rest(_ seconds: Double) async {
        await withCheckedContinuation { continuation in
            wake = continuation
            nap(seconds)
        }
    }

    /// Ends the rest in `seconds`, instead of when the nap before this one would have.
    private func nap(_ seconds: Double) {
        napTask?.cancel()
        napNumber += 1
        let number = napNumber
        napEnds = clock.instant(after: seconds)
        let clock = clock
        napTask = Task { @LoopActor [weak self] in
            do {
                try await clock.sleep(seconds: seconds)
            } catch {
                return
            }
            // A nap that a shorter one replaced ends nothing (it may outlive the rest it was for).
            guard let self, self.napNumber == number, let wake = self.wake else { return }
            self.wake = nil
            wake.resume()
        }
    }

    /// A first read joined a running loop: the next round is at most `cutDelay` away. Later
    /// first reads within that window share the round and do not push it back.
    private func hurry() {
        joinedSinceRound = true
        guard wake != nil else {
            // Mid-round (or just after it): the rest that follows is the short one.
            firstReadPending = true
            return
        }
        if clock.secondsUntil(napEnds) > cutDelay {
            nap(cutDelay)
            restCut = true
        }
    }
}
