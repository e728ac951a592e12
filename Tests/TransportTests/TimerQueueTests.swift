import Testing
import Transport

/// TimerQueue orders deadlines with no clock: the tests pass `now` themselves.
@Suite struct TimerQueueTests {
    @Test func dueTimersComeOutEarliestFirst() {
        var queue = TimerQueue<String>()
        _ = queue.schedule(at: 30, "c")
        _ = queue.schedule(at: 10, "a")
        _ = queue.schedule(at: 20, "b")
        _ = queue.schedule(at: 40, "d")
        var next = queue.nextDeadline()
        #expect(next == 10)
        var due = queue.popDue(now: 9)
        #expect(due.isEmpty)
        due = queue.popDue(now: 30)
        #expect(due == ["a", "b", "c"])
        #expect(queue.count == 1)
        next = queue.nextDeadline()
        #expect(next == 40)
    }

    @Test func tiesFireInSchedulingOrder() {
        var queue = TimerQueue<Int>()
        for value in 0..<50 { _ = queue.schedule(at: 100, value) }
        _ = queue.schedule(at: 99, -1)
        let due = queue.popDue(now: 100)
        #expect(due == [-1] + Array(0..<50))
    }

    @Test func aCancelledTimerNeverFires() {
        var queue = TimerQueue<String>()
        let first = queue.schedule(at: 10, "first")
        _ = queue.schedule(at: 20, "second")
        let third = queue.schedule(at: 30, "third")
        let cancelled = [queue.cancel(first), queue.cancel(third), queue.cancel(third)]
        #expect(cancelled == ["first", "third", nil])
        #expect(queue.count == 1)
        // The cancelled earliest entry no longer decides how long the loop may sleep.
        let next = queue.nextDeadline()
        #expect(next == 20)
        let due = queue.popDue(now: 100)
        #expect(due == ["second"])
        let after = queue.nextDeadline()
        #expect(after == nil)
    }

    @Test func cancellingAFiredTimerDoesNothing() {
        var queue = TimerQueue<String>()
        let id = queue.schedule(at: 5, "x")
        let due = queue.popDue(now: 5)
        #expect(due == ["x"])
        let cancelled = queue.cancel(id)
        #expect(cancelled == nil)
        #expect(queue.count == 0)
    }

    @Test func idsAreNeverReused() {
        var queue = TimerQueue<Int>()
        var seen: Set<TimerID> = []
        for value in 0..<100 {
            let id = queue.schedule(at: UInt64(value % 7), value)
            #expect(seen.insert(id).inserted)
            if value % 3 == 0 { queue.cancel(id) }
        }
        _ = queue.popDue(now: .max)
        let fresh = queue.schedule(at: 0, -1)
        #expect(!seen.contains(fresh))
    }

    /// Many timers scheduled in a scrambled order, some cancelled: whatever remains comes out
    /// sorted by deadline, ties by scheduling order, across several partial pops.
    @Test func aLargeScrambledQueueStaysOrdered() {
        var queue = TimerQueue<(deadline: UInt64, sequence: Int)>()
        var random = SplitMix(seed: 42)
        var expected: [(deadline: UInt64, sequence: Int)] = []
        var ids: [TimerID] = []
        for sequence in 0..<2_000 {
            let deadline = random.next() % 500
            ids.append(queue.schedule(at: deadline, (deadline, sequence)))
            expected.append((deadline, sequence))
        }
        for index in stride(from: 0, to: ids.count, by: 5) { queue.cancel(ids[index]) }
        expected = expected.filter { $0.sequence % 5 != 0 }
        expected.sort { $0.deadline != $1.deadline ? $0.deadline < $1.deadline : $0.sequence < $1.sequence }
        var popped: [(deadline: UInt64, sequence: Int)] = []
        for now in stride(from: UInt64(0), through: 500, by: 37) { popped += queue.popDue(now: now) }
        popped += queue.popDue(now: 500)
        #expect(popped.count == expected.count)
        #expect(popped.map(\.sequence) == expected.map(\.sequence))
        #expect(queue.count == 0)
    }
}

/// A small seeded generator, so that the scrambled order is the same on every run.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
