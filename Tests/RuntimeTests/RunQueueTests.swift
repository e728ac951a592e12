import Testing
import Runtime

/// RunQueue decides which task runs when, with no Lua and no sockets: every transition is
/// driven by hand here.
@Suite struct RunQueueTests {
    @Test func aNewTaskIsReadyThenRunning() {
        var queue = RunQueue()
        queue.add(1)
        #expect(queue.state(of: 1) == .ready)
        #expect(queue.readyCount == 1)
        let first = queue.next()
        let second = queue.next()
        #expect(first == 1)
        #expect(second == nil)
        #expect(queue.state(of: 1) == .running(woken: false))
    }

    @Test func aTaskWaitsUntilWoken() {
        var queue = RunQueue()
        queue.add(1)
        _ = queue.next()
        queue.suspend(1, waiting: true)
        #expect(queue.state(of: 1) == .waiting)
        #expect(queue.take() == [])
        let woken = queue.wake(1)
        #expect(woken)
        #expect(queue.state(of: 1) == .ready)
        let again = queue.wake(1)
        #expect(!again, "waking a ready task queues it once only")
        #expect(queue.take() == [1])
    }

    /// An operation that completes before its task has yielded (from inside the binding that
    /// started it): the yield must not leave the task waiting for a completion already past.
    @Test func aCompletionBeforeTheYieldMakesTheYieldReadyAtOnce() {
        var queue = RunQueue()
        queue.add(1)
        _ = queue.next()
        let woken = queue.wake(1)
        #expect(woken)
        #expect(queue.state(of: 1) == .running(woken: true))
        let again = queue.wake(1)
        #expect(!again)
        queue.suspend(1, waiting: true)
        #expect(queue.state(of: 1) == .ready)
        let next = queue.next()
        #expect(next == 1)
        #expect(queue.state(of: 1) == .running(woken: false), "the early wake is used up")
    }

    @Test func aPlainYieldGoesToTheBackOfTheLine() {
        var queue = RunQueue()
        for id in 1...3 { queue.add(id) }
        var order: [Int?] = []
        order.append(queue.next())
        queue.suspend(1, waiting: false)
        order.append(queue.next())
        queue.suspend(2, waiting: false)
        order.append(queue.next())
        queue.suspend(3, waiting: true)
        order.append(queue.next())
        queue.suspend(1, waiting: false)
        order.append(queue.next())
        queue.finish(2)
        order.append(queue.next())
        #expect(order == [1, 2, 3, 1, 2, 1])
    }

    @Test func finishedTasksAreNeitherWokenNorRun() {
        var queue = RunQueue()
        queue.add(1)
        queue.add(2)
        // Task 1 is cancelled before it ever ran: it leaves the queue while still listed as ready.
        queue.finish(1)
        #expect(queue.state(of: 1) == nil)
        let wokeFinished = queue.wake(1)
        #expect(!wokeFinished)
        let next = queue.next()
        #expect(next == 2)
        #expect(queue.take() == [])
        queue.suspend(2, waiting: true)
        queue.finish(2)
        let lateWake = queue.wake(2)
        #expect(!lateWake, "a late completion of a finished task is ignored")
        #expect(queue.liveCount == 0)
        #expect(queue.take() == [])
    }

    @Test func aTaskFinishingWhileRunningLeavesNoTrace() {
        var queue = RunQueue()
        queue.add(7)
        _ = queue.next()
        _ = queue.wake(7)
        queue.finish(7)
        #expect(queue.liveCount == 0)
        #expect(queue.readyCount == 0)
        #expect(queue.take() == [])
    }

    /// Round robin over many tasks and many turns, which crosses the point where the queue
    /// compacts its consumed prefix: the order must survive it.
    @Test func roundRobinSurvivesCompaction() {
        var queue = RunQueue()
        let ids = Array(1...40)
        for id in ids { queue.add(id) }
        var order: [Int] = []
        for _ in 0..<(ids.count * 10) {
            guard let id = queue.next() else { break }
            order.append(id)
            queue.suspend(id, waiting: false)
        }
        #expect(order == Array(repeating: ids, count: 10).flatMap { $0 })
        #expect(queue.readyCount == ids.count)
    }

    @Test func wakesRunInTheOrderTheyHappened() {
        var queue = RunQueue()
        for id in 1...5 {
            queue.add(id)
            _ = queue.next()
            queue.suspend(id, waiting: true)
        }
        for id in [4, 2, 5, 1, 3] { queue.wake(id) }
        var order: [Int] = []
        while let id = queue.next() {
            order.append(id)
            queue.finish(id)
        }
        #expect(order == [4, 2, 5, 1, 3])
        #expect(queue.liveCount == 0)
    }
}

extension RunQueue {
    /// Every task `next()` hands out now (each left running).
    fileprivate mutating func take() -> [TaskID] {
        var ids: [TaskID] = []
        while let id = next() { ids.append(id) }
        return ids
    }
}
