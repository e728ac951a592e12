import JSONValue
@testable import OpenStack
import Testing
import Transport

/// The shared poll loop: one call per round for every waiter, rounds that start close together
/// and back off to the waiters' interval, and a cancelled waiter that stops at once.
@Suite("status poller")
struct StatusPollerTests {
    @Test("three waiters share each round; the delays grow by half to the interval")
    @LoopActor func sharedRoundsBackOff() async throws {
        let clock = ManualClock()
        let polls = Counter()
        let poller = StatusPoller(clock: clock) { ids in
            let round = polls.next()
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, .success(["status": round < 6 ? "BUILD" : "ACTIVE"])) })
        }
        let waits = ["a", "b", "c"].map { id in
            Task { @LoopActor () throws -> Int in
                var observed = 0
                while true {
                    observed += 1
                    let resource = try await poller.observe(id, interval: 2)
                    if resource["status"]?.stringValue == "ACTIVE" { return observed }
                }
            }
        }
        for wait in waits { #expect(try await wait.value == 6) }
        #expect(polls.count == 6)
        #expect(Array(clock.sleeps.prefix(5)) == [0.5, 0.75, 1.125, 1.6875, 2])
    }

    @Test("what a round fails with (a 404 for a resource that is gone, a 500) reaches its waiters")
    @LoopActor func goneAndFailed() async throws {
        let poller = StatusPoller(clock: ManualClock()) { ids in
            Dictionary(uniqueKeysWithValues: ids.map { id -> (String, StatusPoller.Observation) in
                (id, .failure(OpenStackError(.http, id == "gone" ? "not found" : "boom", status: id == "gone" ? 404 : 500)))
            })
        }
        do {
            _ = try await poller.observe("gone", interval: 1)
            Issue.record("expected the 404")
        } catch {
            #expect(error.status == 404)
        }
        do {
            _ = try await poller.observe("broken", interval: 1)
            Issue.record("expected the round's failure")
        } catch {
            #expect(error.status == 500)
        }
    }

    @Test("a waiter who asks while a round is being read is answered by the next round, not by that one")
    @LoopActor func lateJoinerWaitsForTheNextRound() async throws {
        let polls = Counter()
        let box = LateWaiter()
        // Each round answers with its own number. While the first is being read, a second
        // waiter asks for the same resource (a reboot was just sent, say): what that round
        // read, it read before the second waiter asked.
        let poller = StatusPoller(clock: ManualClock()) { ids in
            let round = polls.next()
            if round == 1, let poller = box.poller {
                box.task = Task { @LoopActor in try await poller.observe("x", interval: 1)["round"]?.intValue }
                try? await EventLoop.shared.sleep(seconds: 0.05)
            }
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, .success(["round": .int(Int64(round))])) })
        }
        box.poller = poller
        #expect(try await poller.observe("x", interval: 1)["round"]?.intValue == 1)
        let late = try #require(box.task)
        #expect(try await late.value == 2, "the late waiter was answered by a round that began before it asked")
        #expect(polls.count == 2)
    }

    @Test("a waiter whose deadline passes, or who is cancelled, stops waiting while a round is still being read")
    @LoopActor func deadlineAndCancellation() async throws {
        // A round that takes 5 real seconds and answers BUILD: a waiter that got its answer from
        // it instead of stopping would see BUILD, not an error. The manual clock's deadline
        // passes at once.
        let poller = StatusPoller(clock: ManualClock()) { ids in
            try? await EventLoop.shared.sleep(seconds: 5)
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, .success(["status": "BUILD"])) })
        }
        do {
            _ = try await poller.observe("late", interval: 2, deadline: 0)
            Issue.record("expected the deadline")
        } catch {
            #expect(error.kind == .timeout)
        }
        let cancelled = Task { @LoopActor () throws -> JSON in try await poller.observe("dropped", interval: 2) }
        cancelled.cancel()
        do {
            _ = try await cancelled.value
            Issue.record("expected the cancellation")
        } catch let error as OpenStackError {
            #expect(error.message == "cancelled")
        }
    }
}

/// The poller and the task of the waiter that joins during a round, for the round to reach.
@LoopActor
final class LateWaiter {
    var poller: StatusPoller?
    var task: Task<Int64?, any Error>?
}
