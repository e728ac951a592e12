internal import CCurl
internal import CStackrun
internal import Glibc
import Synchronization

/// The one event loop of the process: a thread that runs `@LoopActor` jobs, fires timers and
/// drives every HTTP transfer through one curl multi handle, sleeping in `curl_multi_poll` until
/// a socket, a timer or a new job needs it.
///
/// Jobs arrive from any thread through `enqueue` (this is the executor of `LoopActor`); everything
/// else lives in `LoopCore`, which only the loop thread touches.
public final class EventLoop: SerialExecutor, @unchecked Sendable {
    // @unchecked: `inbox` is behind a Mutex; `loopThread` is written once before `init` returns;
    // `core` is only touched on the loop thread (it is @LoopActor).

    public static let shared = EventLoop()

    private struct Inbox {
        var jobs: [UnownedJob] = []
        var closures: [@Sendable @LoopActor () -> Void] = []
        var isEmpty: Bool { jobs.isEmpty && closures.isEmpty }
    }

    private let inbox = Mutex(Inbox())
    private var loopThread = pthread_t()
    let core: LoopCore

    private init() {
        core = LoopCore()
        let started = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(started, 0, 0)
        let context = Unmanaged.passRetained(StartContext(loop: self, started: started)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            let context = Unmanaged<StartContext>.fromOpaque(raw!).takeRetainedValue()
            context.loop.loopThread = pthread_self()
            sem_post(context.started)
            context.loop.runForever()
        }, context)
        precondition(created == 0, "cannot start the event-loop thread")
        sem_wait(started)
        started.deallocate()
    }

    private final class StartContext {
        let loop: EventLoop
        let started: UnsafeMutablePointer<sem_t>
        init(loop: EventLoop, started: UnsafeMutablePointer<sem_t>) {
            self.loop = loop
            self.started = started
        }
    }

    /// Whether the caller runs on the loop thread.
    public var isLoopThread: Bool { pthread_equal(pthread_self(), loopThread) != 0 }

    // MARK: SerialExecutor

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        inbox.withLock { $0.jobs.append(job) }
        wakeIfAway()
    }

    public func checkIsolated() {
        precondition(isLoopThread, "expected to run on the event-loop thread")
    }

    /// Runs `body` on the loop thread soon, after the jobs already queued (from any thread).
    public func execute(_ body: @escaping @Sendable @LoopActor () -> Void) {
        inbox.withLock { $0.closures.append(body) }
        wakeIfAway()
    }

    /// Interrupts `curl_multi_poll` unless the caller is the loop itself, which drains the inbox
    /// before it polls again anyway.
    private func wakeIfAway() {
        if !isLoopThread { core.wake() }
    }

    // MARK: The loop

    private func runForever() -> Never {
        while true {
            runInbox()
            LoopActor.assumeIsolated { core.service() }
            let idle = inbox.withLock { $0.isEmpty }
            if idle { LoopActor.assumeIsolated { core.poll() } }
        }
    }

    /// Runs what is queued now; what those jobs enqueue waits for the next turn, so that a task
    /// that keeps rescheduling itself cannot starve the network.
    private func runInbox() {
        let batch = inbox.withLock { inbox in
            let batch = inbox
            inbox = Inbox()
            return batch
        }
        let executor = asUnownedSerialExecutor()
        for job in batch.jobs { job.runSynchronously(on: executor) }
        if !batch.closures.isEmpty {
            LoopActor.assumeIsolated {
                for body in batch.closures { body() }
            }
        }
    }
}
