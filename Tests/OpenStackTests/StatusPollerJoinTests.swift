import Glibc
import JSONValue
@testable import OpenStack
import Testing
import Transport

/// A wait's first read joining a poll loop that has backed off: the round comes within the join
/// delay, not after the rest of the interval, and waits that join together still share it.
@Suite("status poller: first reads")
struct StatusPollerJoinTests {
    @Test("a first read joining a loop resting at its 30 s interval is answered within the join delay")
    @LoopActor func firstReadCutsTheRest() async throws {
        let (clock, rounds, poller, building) = await restingLoop()
        defer { building.cancel() }
        let before = rounds.ids.count
        let started = monotonicNanoseconds()
        let resource = try await poller.observe("new", interval: 30, firstRead: true)
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        #expect(resource["status"] == "ACTIVE")
        #expect(seconds < 5, "the first read waited \(seconds) s, the loop's rest")
        #expect(rounds.ids.count == before + 1)
        #expect(rounds.ids.last == ["building", "new"])
        #expect(clock.sleeps.contains(StatusPoller.joinDelay))
    }

    @Test("twenty first reads joining at once share one round")
    @LoopActor func joinersShareTheRound() async throws {
        let (_, rounds, poller, building) = await restingLoop()
        defer { building.cancel() }
        let before = rounds.ids.count
        let joiners = (1...20).map { index in
            Task { @LoopActor in try await poller.observe("new-\(index)", interval: 30, firstRead: true) }
        }
        for joiner in joiners { #expect(try await joiner.value["status"] == "ACTIVE") }
        #expect(rounds.ids.count == before + 1, "\(rounds.ids.count - before) rounds for 20 first reads")
        #expect(rounds.ids.last?.count == 21)
    }

    @Test("first reads that keep joining, one after the other, cut the rests less and less: rounds do not run at their rate")
    @LoopActor func repeatedJoinsBackOff() async throws {
        let (clock, _, poller, building) = await restingLoop()
        defer { building.cancel() }
        for index in 1...5 { _ = try await poller.observe("one-by-one-\(index)", interval: 30, firstRead: true) }
        let cuts = clock.sleeps.filter { $0 < StatusPoller.firstDelay }
        let expected = (0..<5).map { StatusPoller.joinDelay * pow(StatusPoller.growth, Double($0)) }
        #expect(cuts.count == 5 && zip(cuts, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(cuts)")
    }

    @Test("a first read that joins while a round is read is answered by the next round, a join delay later")
    @LoopActor func firstReadDuringARound() async throws {
        let (clock, rounds, poller, building) = await restingLoop()
        defer { building.cancel() }
        // The next round (after the 30 s rest, cut short by a first read of "trigger") has a
        // first read of "late" join while it is being read: that round must not answer it,
        // and the rest after it must be the short one.
        let late = LateJoin()
        rounds.duringRound = {
            rounds.duringRound = nil
            late.task = Task { @LoopActor in
                let started = monotonicNanoseconds()
                _ = try await poller.observe("late", interval: 30, firstRead: true)
                return Double(monotonicNanoseconds() - started) / 1e9
            }
            try? await EventLoop.shared.sleep(seconds: 0.05)
        }
        _ = try await poller.observe("trigger", interval: 30, firstRead: true)
        let task = try #require(late.task)
        let seconds = try await task.value
        #expect(seconds < 5, "the first read waited \(seconds) s, the loop's rest")
        #expect(rounds.ids.suffix(2).map { $0.contains("late") } == [false, true])
        // Two rests cut in a row: the second cut is the longer (repeatedJoinsBackOff).
        #expect(clock.sleeps.filter { $0 < StatusPoller.firstDelay } == [StatusPoller.joinDelay, StatusPoller.joinDelay * StatusPoller.growth])
    }

    /// A poll loop kept going by a wait on "building" (always BUILD) with a 30 s interval, once
    /// it has backed off to resting 30 s (for real) between rounds. The backoff's ramp passes at
    /// once; other ids are ACTIVE.
    @LoopActor func restingLoop() async -> (RestingClock, RoundLog, StatusPoller, Task<Void, Never>) {
        let clock = RestingClock(instant: StatusPoller.firstDelay..<30)
        let rounds = RoundLog()
        let poller = StatusPoller(clock: clock) { ids in
            rounds.ids.append(ids)
            if let during = rounds.duringRound { await during() }
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, .success(["status": $0 == "building" ? "BUILD" : "ACTIVE"])) })
        }
        let building = Task { @LoopActor in
            while !Task.isCancelled { _ = try? await poller.observe("building", interval: 30) }
        }
        while !clock.sleeps.contains(30) { await Task.yield() }
        return (clock, rounds, poller, building)
    }
}

/// The ids each round read, and something to do while the next round is read.
@LoopActor
final class RoundLog {
    var ids: [[String]] = []
    var duringRound: (@LoopActor () async -> Void)?
}

/// The task of the first read that joins during a round.
@LoopActor
final class LateJoin {
    var task: Task<Double, any Error>?
}
