import JSONValue
import LuaBridge
import OpenStack
import Transport

/// What an async binding gives back: a function that pushes its results on the resumed task.
typealias LuaResults = @LoopActor (LuaStack) -> Int32

extension Runtime {
    /// Runs `operation` (async Swift: the OpenStack clients) for the calling Lua task, which is
    /// suspended until it completes and then returns what it pushes, or raises its error as an
    /// error table. Cancelling the task cancels the Swift task, which aborts its transfer.
    /// `timeout` (the call's `timeout` option) bounds the whole operation: every request, retry
    /// and wait it makes.
    func suspend(_ call: LuaCall, timeout: Double? = nil,
                 _ operation: @escaping @LoopActor () async throws(OpenStackError) -> LuaResults) throws(LuaCallError) -> LuaReturn {
        let position = call.stack.position()
        let name = call.name
        return try scheduler.suspend(call) { complete in
            let task = Task { @LoopActor in
                do throws(OpenStackError) {
                    let push = try await CallDeadline.within(timeout, operation)
                    complete(.success(push))
                } catch {
                    complete(.failure { [weak self] stack in self?.pushOpenStackError(error, function: name, position: position, on: stack) })
                }
            }
            return { task.cancel() }
        }
    }

    /// `suspend` with the call's own limits from its options table: `timeout` bounds the whole
    /// operation, `retries` the retries of each request it makes.
    func suspend(_ call: LuaCall, _ control: Control,
                 _ operation: @escaping @LoopActor () async throws(OpenStackError) -> LuaResults) throws(LuaCallError) -> LuaReturn {
        let retries = control.retries
        return try suspend(call, timeout: control.timeout) { () async throws(OpenStackError) in
            try await CallRetries.with(retries, operation)
        }
    }

    /// Pushes one JSON value.
    nonisolated static func value(_ json: JSON) -> LuaResults {
        { stack in
            stack.push(json)
            return 1
        }
    }

    /// Pushes a resource and whether anything changed (ensure, absent).
    nonisolated static func valueAndChanged(_ json: JSON?, _ changed: Bool) -> LuaResults {
        { stack in
            if let json { stack.push(json) } else { stack.pushNil() }
            stack.push(changed)
            return 2
        }
    }
}
