import LuaBridge
import Transport
internal import CStackrun

/// What one run may use: the Lua heap (--memory-limit) and Lua execution time (--cpu-limit).
public struct ResourceLimits: Sendable, Equatable {
    /// Bytes the Lua heap may hold; nil: no limit.
    public var memoryBytes: Int?
    /// Seconds Lua may run in all, counted only while it runs (not while a task waits); nil: none.
    public var cpuSeconds: Double?

    public init(memoryBytes: Int? = nil, cpuSeconds: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }

    /// The default of `stackrun run`: 512 MiB of heap, no CPU limit.
    public static let commandLineDefault = ResourceLimits(memoryBytes: 512 << 20)
}

extension Runtime {
    /// Applies `limits` to the state before the main chunk runs.
    func apply(_ limits: ResourceLimits) {
        lua.limitMemory(to: limits.memoryBytes ?? 0)
        let cpu = limits.cpuSeconds.map { nanoseconds(fromSeconds: $0) } ?? 0
        sr_watchdog_set_cpu_limit(lua.stack.L, cpu)
    }

    /// The status a limit gives a failed run, with the failure's message saying which limit.
    func applyLimitStatus(to report: inout RunReport) {
        if lua.stoppedForCPU {
            report.status = .cpuLimit
        } else if lua.stoppedForMemory || (lua.memoryLimitErrors > 0 && Self.isMemoryError(report.failure?.message)) {
            report.status = .outOfMemory
            if let failure = report.failure, Self.isMemoryError(failure.message) {
                report.failure?.message = failure.message + " (the Lua heap reached --memory-limit)"
            }
        }
    }

    /// Lua's own out-of-memory message, raised alone (no file:line: it needs no memory).
    static func isMemoryError(_ message: String?) -> Bool {
        message == "not enough memory" || message?.hasSuffix(": not enough memory") == true
    }
}
