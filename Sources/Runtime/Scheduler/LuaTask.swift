import Transport
import LuaBridge
public import JSONValue

/// Why a task was cancelled; the text appears in its cancellation error.
public enum CancelReason: String, Sendable {
    case requested = "cancelled"
    case siblingFailed = "cancelled because a sibling task failed"
    case parentCancelled = "cancelled because its parent was cancelled"
    case parentFailed = "cancelled because its parent task failed"
    case mainFailed = "cancelled because the main script failed"
    case timeout = "cancelled because the run timed out"
    case interrupted = "cancelled by SIGINT"
    case terminated = "cancelled by SIGTERM"
}

/// An error raised in a task, kept for whoever waits on the task and for the run's report.
public struct TaskFailure {
    /// The error value, anchored in the registry.
    let errorRef: Int32
    public let message: String
    public let traceback: String?
    /// The `kind` of an error table ("configuration", "authentication", ...), for the exit status.
    public var kind: String? = nil
    /// An error table as JSON, secrets masked, for the `error` field of a JSON log record.
    public var value: JSON? = nil
}

/// How a finished task ended.
enum TaskOutcome {
    /// Its results, packed in a table anchored in the registry (`n` holds the count).
    case returned(resultsRef: Int32, count: Int32)
    case failed(TaskFailure)
    case cancelled(CancelReason)
}

/// How the scheduler resumes a task next.
enum Resumption {
    /// The first run: the body and its arguments are on the thread's stack.
    case start(arguments: Int32)
    /// A host yield completed: the call returns what `push` pushes.
    case success(@LoopActor (LuaStack) -> Int32)
    /// A host yield failed: the call raises what `push` pushes.
    case failure(@LoopActor (LuaStack) -> Void)
    /// A plain `coroutine.yield` at task level: it returns nothing.
    case plain
}

/// An operation a waiting task is suspended on, and how to abandon it.
struct PendingOperation {
    let id: Int
    let cancel: @LoopActor () -> Void
}

/// The time a cancelled task has left to clean up: until `deadline` (monotonic nanoseconds) it
/// may still do I/O; then what it waits for is cancelled again, with `reason`.
struct Grace {
    let deadline: UInt64
    let reason: CancelReason
    var timer: TimerID?
}

/// One Lua task: a coroutine the scheduler runs, with what it waits for and how it ended.
@LoopActor
final class LuaTask {
    let id: Int
    let thread: LuaThread
    weak var parent: LuaTask?
    var children: [LuaTask] = []
    var resumption: Resumption
    var pending: PendingOperation?
    var cancellation: CancelReason?
    /// When it was cancelled (monotonic nanoseconds), for the watchdog's 5 s rule.
    var cancelledAt: UInt64 = 0
    /// The cancellation error is raised once, where the task waits; cleanup may then do I/O.
    var cancellationDelivered = false
    /// Set by its own cancellation, or inherited from the cancelled task that spawned it.
    var grace: Grace?
    var outcome: TaskOutcome?
    /// Called once when the task finishes (waiters, parallel groups), by registration id.
    var finishHandlers: [Int: @LoopActor (LuaTask) -> Void] = [:]
    /// Whether anything waited for this task, so that its failure counts as handled.
    var observed = false

    init(id: Int, thread: LuaThread, arguments: Int32, parent: LuaTask?) {
        self.id = id
        self.thread = thread
        self.resumption = .start(arguments: arguments)
        self.parent = parent
    }

    var isFinished: Bool { outcome != nil }

    var statusName: String {
        switch outcome {
        case nil: cancellation == nil ? "running" : "cancelling"
        case .returned: "done"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}
