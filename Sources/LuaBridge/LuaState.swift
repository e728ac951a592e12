internal import CLua
internal import CStackrun

/// Owns one `lua_State` (created with our counting allocator, which ends the process when memory
/// runs out) and the Swift functions registered with it. Not thread-safe: one thread uses a state and all its
/// coroutines (stackrun's event-loop thread).
public final class LuaState {
    /// The main thread's stack.
    public let stack: LuaStack
    private let allocation: UnsafeMutablePointer<sr_alloc_stats>
    var bindings: [LuaBinding] = []
    /// Pushes the value raised for a bad argument to a binding, given the binding's name and
    /// Lua's wording ("bad argument #1 to 'nova.get' (...)"). Unset, the wording is raised as a
    /// string with the caller's file:line; the runtime sets it to raise error tables.
    public var argumentError: ((_ stack: LuaStack, _ function: String, _ message: String) -> Void)?
    /// Registry references of the values that stand for JSON null, arrays and objects.
    let markers: JSONMarkers
    private var isClosed = false

    public init() throws(LuaError) {
        sr_set_dispatch(luaBindingDispatch)
        allocation = .allocate(capacity: 1)
        allocation.initialize(to: sr_alloc_stats())
        guard let L = sr_newstate(allocation) else {
            allocation.deallocate()
            throw LuaError("cannot create a Lua state")
        }
        stack = LuaStack(L)
        markers = JSONMarkers(creatingIn: stack)
        // Every thread created later copies this slot, so any stack finds its owner.
        sr_extraspace(L).pointee = Unmanaged.passUnretained(self).toOpaque()
        guard sr_open_libs(L) == LUA_OK else {
            let message = stack.string(at: -1) ?? "?"
            close()
            throw LuaError("cannot open the Lua libraries: \(message)")
        }
    }

    deinit { close() }

    /// Closes the state: runs pending finalizers and frees all its memory. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        lua_close(stack.L)
        bindings.removeAll()
        allocation.deallocate()
    }

    /// The state that owns the thread `L` (main thread or coroutine).
    static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(sr_extraspace(L).pointee!).takeUnretainedValue()
    }

    /// Bytes currently allocated by Lua, and the most ever allocated at once.
    public var memoryInUse: Int { Int(allocation.pointee.bytes) }
    public var peakMemory: Int { Int(allocation.pointee.peak) }

    /// --memory-limit: the bytes the Lua heap may hold (0 = none). A Swift call in progress may
    /// take a quarter more (at least 16 MiB) before the process ends (see sr_alloc).
    public func limitMemory(to bytes: Int) {
        allocation.pointee.limit = bytes
        allocation.pointee.overdraft = bytes == 0 ? 0 : max(bytes / 4, 16 << 20)
    }

    /// Out-of-memory errors the limit raised, and whether a script that went on past it was stopped.
    public var memoryLimitErrors: Int { Int(allocation.pointee.limit_errors) }
    public var stoppedForMemory: Bool { allocation.pointee.memory_stopped != 0 }
    /// Whether --cpu-limit stopped the run.
    public var stoppedForCPU: Bool { allocation.pointee.watchdog.cpu_exceeded != 0 }

    /// Runs a full garbage collection.
    public func collectGarbage() { sr_gc_collect(stack.L) }
}

extension LuaStack {
    /// The state this stack belongs to.
    public var owner: LuaState { LuaState.owner(of: L) }
}

/// An error from the Lua side (compiling or running a chunk), copied to Swift strings at once so
/// that it outlives the state.
public struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The stack traceback at the point of error, when one was taken.
    public var traceback: String?

    public init(_ message: String, traceback: String? = nil) {
        self.message = message
        self.traceback = traceback
    }

    public var description: String { traceback.map { "\(message)\n\($0)" } ?? message }
}
