import Transport
import LuaBridge

/// The children of one `parallel(...)` or `parallel.settle(...)` call, and when the parent may
/// go on: when all have finished, or (fail-fast) when the first failure has been raised, the
/// others cancelled, and they have finished unwinding.
@LoopActor
final class ParallelGroup {
    let children: [LuaTask]
    let failFast: Bool
    private var remaining: Int
    private(set) var firstFailure: LuaTask?

    init(children: [LuaTask], failFast: Bool) {
        self.children = children
        self.failFast = failFast
        remaining = children.count
    }

    /// Records a finished child; returns the siblings to cancel (for the first failure in
    /// fail-fast mode) and whether the whole group is now done.
    func childFinished(_ child: LuaTask) -> (cancel: [LuaTask], done: Bool) {
        remaining -= 1
        var toCancel: [LuaTask] = []
        if case .failed = child.outcome, firstFailure == nil {
            firstFailure = child
            if failFast { toCancel = children.filter { !$0.isFinished } }
        }
        return (toCancel, remaining == 0)
    }
}

extension Scheduler {
    /// Runs the functions at `first...first+count-1` of the call as child tasks and suspends the
    /// caller until the group is done. fail-fast: returns each child's first result, in order,
    /// or raises the first error. settle: returns one `{ok =, value =|error =}` table per child.
    func parallel(functionsFrom first: Int32, count: Int32, failFast: Bool, _ call: LuaCall) throws(LuaCallError) -> LuaReturn {
        for position in first..<(first + count) where call.stack.type(at: position) != .function {
            throw call.typeError(position, expected: "function")
        }
        if count == 0 { return .results(0) }
        guard call.canYield, current != nil else {
            return try suspend(call) { _ in {} } // reports why it cannot run here
        }
        // Checked before the children exist: a refused call must leave none running.
        if let task = current { try refuseIOIfCancelled(task, call) }
        let children = (first..<(first + count)).map { spawn(functionAt: $0, arguments: 0, from: call.stack) }
        for child in children { child.observed = true }
        let group = ParallelGroup(children: children, failFast: failFast)
        return try suspend(call) { complete in
            let registration = newOperationID()
            for child in children {
                child.finishHandlers[registration] = { [weak self] finished in
                    guard let self else { return }
                    let (toCancel, done) = group.childFinished(finished)
                    for sibling in toCancel { cancel(sibling, .siblingFailed) }
                    if done { complete(groupResult(group)) }
                }
            }
            return { [weak self] in
                for child in children { self?.cancel(child, .parentCancelled) }
            }
        }
    }

    /// The parent's resumption. The children's anchored results are released once pushed.
    private func groupResult(_ group: ParallelGroup) -> Resumption {
        let children = group.children
        if group.failFast, let failed = group.firstFailure, case .failed(let failure) = failed.outcome {
            return .failure { [weak self] stack in
                stack.push(ref: failure.errorRef)
                for child in children where child !== failed { self?.forget(child.id) }
            }
        }
        let outcomes = children.map(\.outcome)
        let settle = !group.failFast
        return .success { [weak self] stack in
            guard let self else { return 0 }
            defer { for child in children { forget(child.id) } }
            if settle {
                stack.newTable(array: Int32(outcomes.count))
                for (index, outcome) in outcomes.enumerated() {
                    pushSettled(outcome, on: stack)
                    stack.setRawIndex(Int64(index + 1), ofTableAt: -2)
                }
                stack.pushJSONMetatable(array: true)
                stack.setMetatable(ofValueAt: -2)
                return 1
            }
            stack.reserve(Int32(outcomes.count))
            for outcome in outcomes { pushFirstResult(outcome, on: stack) }
            return Int32(outcomes.count)
        }
    }

    private func pushFirstResult(_ outcome: TaskOutcome?, on stack: LuaStack) {
        guard case .returned(let ref, let count) = outcome, count > 0 else { return stack.pushNil() }
        stack.push(ref: ref)
        stack.rawIndex(1, ofTableAt: -1)
        stack.remove(at: -2)
    }

    private func pushSettled(_ outcome: TaskOutcome?, on stack: LuaStack) {
        stack.reserve(4)
        stack.newTable(fields: 2)
        switch outcome {
        case .returned:
            stack.push(true)
            stack.setRawField("ok", ofTableAt: -2)
            pushFirstResult(outcome, on: stack)
            stack.setRawField("value", ofTableAt: -2)
        case .failed(let failure):
            stack.push(false)
            stack.setRawField("ok", ofTableAt: -2)
            stack.push(ref: failure.errorRef)
            stack.setRawField("error", ofTableAt: -2)
        case .cancelled(let reason):
            stack.push(false)
            stack.setRawField("ok", ofTableAt: -2)
            pushCancellationError(reason, on: stack)
            stack.setRawField("error", ofTableAt: -2)
        case nil:
            break
        }
    }
}
