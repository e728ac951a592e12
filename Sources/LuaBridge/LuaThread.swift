internal import CLua
internal import CStackrun

/// A Lua coroutine, anchored in the registry until released so the collector keeps it.
public struct LuaThread {
    public let stack: LuaStack
    let ref: Int32

    public var L: OpaquePointer { stack.L }
}

/// How a resume ended.
public enum LuaResumeOutcome: Equatable {
    /// The coroutine yielded these many values (on its stack).
    case yielded(Int32)
    /// The body returned these many values (on its stack).
    case returned(Int32)
    /// The body raised; the error value is on top of its stack, and the stack is left as it was
    /// at the error, so a traceback can still be taken.
    case failed
}

extension LuaState {
    /// A new coroutine, anchored.  [-0, +0]
    public func newThread() -> LuaThread {
        let L = lua_newthread(stack.L)!
        return LuaThread(stack: LuaStack(L), ref: stack.ref())
    }

    /// A new coroutine for a task, anchored, with the task runner (sr_push_task_runner) already
    /// on its stack: push the body and its arguments above it, and count the body as one more
    /// argument on the first resume.  [-0, +0]
    public func newTaskThread() -> LuaThread {
        let thread = newThread()
        sr_push_task_runner(thread.L)
        return thread
    }

    /// Drops the anchor: closes the coroutine's pending to-be-closed variables, then lets the
    /// collector free it.
    public func release(_ thread: LuaThread) {
        _ = sr_closethread(thread.L)
        stack.unref(thread.ref)
    }
}

extension LuaThread {
    /// Resumes with the top `arguments` values of its own stack as arguments (the body function
    /// below them, for a first resume).
    public func resume(arguments: Int32, from caller: LuaStack? = nil) -> LuaResumeOutcome {
        var results: Int32 = 0
        switch sr_resume(L, caller?.L, arguments, &results) {
        case LUA_OK: return .returned(results)
        case LUA_YIELD: return .yielded(results)
        default: return .failed
        }
    }

    /// Whether the coroutine is suspended in a yield (as opposed to not started, or dead).
    public var isSuspended: Bool { lua_status(L) == LUA_YIELD }

    /// For a coroutine that died with an error (on top of its stack): copies the error value onto
    /// the main stack, where it stays for the caller to anchor, and returns its text and the
    /// traceback: the one a task's runner kept where the error was raised, else the coroutine's.
    /// The dead coroutine is only read, never called into.
    /// [main: -0, +1]
    public func failure() -> LuaError {
        let main = stack.owner.stack
        stack.pushValue(at: -1)
        stack.move(1, to: main)
        let message = main.describe(at: -1)
        sr_take_task_traceback(main.L, L)
        if main.type(at: -1) != .string {
            main.pop()
            sr_traceback_of(main.L, L, nil, 0)
        }
        let traceback = main.string(at: -1)
        main.pop()
        return LuaError(message, traceback: traceback)
    }
}
