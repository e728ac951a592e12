import LuaBridge
public import Transport
internal import CStackrun

/// Runs Lua tasks on the event loop, cosocket style: a binding that does I/O starts it and
/// yields; the loop resumes the task when it completes. Which task runs when is decided by the
/// RunQueue value; this class performs it on the Lua state.
@LoopActor
public final class Scheduler {
    let lua: LuaState
    var queue = RunQueue()
    var tasks: [Int: LuaTask] = [:]
    /// Finished tasks a Lua task handle still refers to, until that handle is collected.
    var finished: [Int: LuaTask] = [:]
    /// The task whose coroutine is running now.
    private(set) var current: LuaTask?
    private var nextTaskID = 1
    private var nextOperationID = 1
    private var draining = false
    private var drainScheduled = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// The script's main chunk: when it fails, the other tasks are cancelled.
    var mainTask: LuaTask?
    /// Failed tasks, to report those nobody waited for when the run ends.
    var failedTasks: [LuaTask] = []
    /// The metatable of cancellation errors (anchored).
    let cancellationMetatable: Int32
    /// How long a cancelled task may still do I/O to clean up (`--grace`).
    var graceNanoseconds = nanoseconds(fromSeconds: Scheduler.defaultGraceSeconds)
    /// Why the whole run is being cancelled (a timeout or a signal), if it is.
    var runCancellation: CancelReason?

    init(lua: LuaState) {
        self.lua = lua
        cancellationMetatable = Self.makeCancellationMetatable(lua)
    }

    public var liveTaskCount: Int { queue.liveCount }

    // MARK: Starting tasks

    /// A new task running the function at `functionIndex` of `caller` with the `arguments` values
    /// above it (both left in place), as a child of the current task.
    func spawn(functionAt functionIndex: Int32, arguments: Int32, from caller: LuaStack) -> LuaTask {
        let thread = lua.newTaskThread()
        caller.reserve(arguments + 1)
        for offset in 0...arguments { caller.pushValue(at: functionIndex + offset) }
        caller.move(arguments + 1, to: thread.stack)
        // The task runner below calls the body: it is the runner's first argument.
        let task = LuaTask(id: nextTaskID, thread: thread, arguments: arguments + 1, parent: current)
        nextTaskID += 1
        current?.children.append(task)
        tasks[task.id] = task
        queue.add(task.id)
        inheritGrace(task, from: current)
        scheduleDrain()
        return task
    }

    /// Suspends the caller until no task is left.
    func waitUntilIdle() async {
        if queue.liveCount == 0 { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    // MARK: Running

    /// Resumes ready tasks, a batch at a time: what becomes ready meanwhile runs in the next
    /// batch, after the loop has serviced sockets and timers.
    func drain() {
        guard !draining else { return }
        draining = true
        defer { draining = false }
        var budget = max(queue.readyCount, 1)
        while budget > 0, let id = queue.next() {
            budget -= 1
            if let task = tasks[id] { run(task) }
        }
        if queue.readyCount > 0 { scheduleDrain() }
    }

    func scheduleDrain() {
        guard !drainScheduled else { return }
        drainScheduled = true
        EventLoop.shared.execute { [weak self] in
            guard let self else { return }
            drainScheduled = false
            drain()
        }
    }

    private func run(_ task: LuaTask) {
        let stack = task.thread.stack
        let arguments: Int32
        switch task.resumption {
        case .start(let count):
            arguments = count
        case .success(let push):
            stack.reserve(2)
            stack.push(true)
            arguments = 1 + push(stack)
        case .failure(let push):
            stack.reserve(3)
            stack.push(false)
            push(stack)
            arguments = 2
        case .plain:
            arguments = 0
        }
        task.resumption = .plain
        current = task
        sr_watchdog_enter(task.thread.L, task.cancelledAt, task.grace?.deadline ?? 0)
        let outcome = task.thread.resume(arguments: arguments)
        sr_watchdog_leave(lua.stack.L)
        current = nil
        catchUpWithWatchdog()
        switch outcome {
        case .yielded(let count):
            let hostYield = count > 0 && isHostSentinel(stack, at: -1)
            stack.pop(count)
            queue.suspend(task.id, waiting: hostYield)
            // Cancelled just above, after it had started what it now waits for.
            if hostYield, task.cancellation != nil, !task.cancellationDelivered { deliverCancellation(to: task) }
        case .returned(let count):
            finish(task, .returned(resultsRef: packResults(count, of: stack), count: count))
        case .failed:
            let error = task.thread.failure()
            var kind: String?
            if lua.stack.type(at: -1) == .table {
                if lua.stack.rawField("kind", ofTableAt: -1) == .string { kind = lua.stack.string(at: -1) }
                lua.stack.pop()
            }
            let table = describeErrorTable(on: lua.stack)
            let failure = TaskFailure(errorRef: lua.stack.ref(), message: table.text ?? error.message, traceback: error.traceback,
                                      kind: kind, value: table.value)
            let reason = task.cancellation ?? task.grace?.reason ?? .requested
            finish(task, isCancellation(failure) ? .cancelled(reason) : .failed(failure))
        }
    }

    private func isHostSentinel(_ stack: LuaStack, at index: Int32) -> Bool {
        stack.type(at: index) == .lightUserdata && stack.userdata(at: index) == sr_host_sentinel()
    }

    /// Moves the top `count` values into a table `{n = count, ...}` anchored in the registry.
    private func packResults(_ count: Int32, of stack: LuaStack) -> Int32 {
        let first = stack.top - count + 1
        stack.reserve(3)
        stack.newTable(array: count, fields: 1)
        for offset in 0..<count {
            stack.pushValue(at: first + offset)
            stack.setRawIndex(Int64(offset + 1), ofTableAt: -2)
        }
        stack.push(Int64(count))
        stack.setRawField("n", ofTableAt: -2)
        let ref = stack.ref()
        stack.pop(count)
        return ref
    }

    func finish(_ task: LuaTask, _ outcome: TaskOutcome) {
        task.outcome = outcome
        if let timer = task.grace?.timer { EventLoop.shared.cancelTimer(timer) }
        queue.finish(task.id)
        tasks[task.id] = nil
        finished[task.id] = task
        lua.release(task.thread)
        if case .failed = outcome {
            failedTasks.append(task)
            if task === mainTask { cancelRunAfterMainFailure() }
        }
        // Children outlive a parent that returned: the run waits for them, and reports their
        // errors if nobody waits for them. A parent that failed takes them down with it (a
        // cancelled one already did, in `cancel`).
        if case .failed = outcome {
            for child in task.children where !child.isFinished { cancel(child, .parentFailed) }
        }
        task.children.removeAll()
        let handlers = task.finishHandlers
        task.finishHandlers.removeAll()
        for (_, handler) in handlers.sorted(by: { $0.key < $1.key }) { handler(task) }
        if queue.liveCount == 0 {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Forgets every task (the state is about to close).
    func closeAll() {
        for task in finished.values { task.finishHandlers.removeAll() }
        finished.removeAll()
        failedTasks.removeAll()
        mainTask = nil
    }

    /// Drops a finished task no handle refers to any more, with its anchored results.
    func forget(_ id: Int) {
        guard let task = finished.removeValue(forKey: id), !failedTasks.contains(where: { $0 === task }) else { return }
        release(task)
    }

    func release(_ task: LuaTask) {
        switch task.outcome {
        case .returned(let ref, _): lua.stack.unref(ref)
        case .failed(let failure): lua.stack.unref(failure.errorRef)
        case .cancelled, nil: break
        }
    }

    func newOperationID() -> Int {
        nextOperationID += 1
        return nextOperationID
    }
}
