import LuaBridge
import Transport

extension Runtime {
    /// `spawn`, the task methods, `parallel`, `parallel.settle` and `sleep`.
    func installTaskLibrary() {
        let stack = lua.stack
        taskMetatable = makeTaskMetatable()

        lua.pushFunction("spawn", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            try call.function(1)
            let task = scheduler.spawn(functionAt: 1, arguments: call.argumentCount - 1, from: call.stack)
            pushTaskHandle(task, on: call.stack)
            return .results(1)
        })
        stack.setGlobal("spawn")

        lua.pushFunction("sleep", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            let seconds = try call.number(1)
            guard seconds >= 0, seconds.isFinite else { throw .argument(1, "seconds must be a finite number >= 0") }
            return try scheduler.sleep(seconds, call)
        })
        stack.setGlobal("sleep")

        // parallel is a table (for parallel.map and parallel.settle) that can be called.
        stack.newTable(fields: 2)
        lua.setFunction("settle", in: -1, name: "parallel.settle", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            return try scheduler.parallel(functionsFrom: 1, count: call.argumentCount, failFast: false, call)
        })
        stack.newTable(fields: 1)
        lua.setFunction("__call", in: -1, name: "parallel", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            // Argument 1 is the parallel table itself.
            return try scheduler.parallel(functionsFrom: 2, count: call.argumentCount - 1, failFast: true, call)
        })
        stack.setMetatable(ofValueAt: -2)
        stack.setGlobal("parallel")
    }

    /// A task handle: a userdata holding the task id, with methods wait, cancel and status.
    private func makeTaskMetatable() -> Int32 {
        let stack = lua.stack
        stack.newTable(fields: 4)
        stack.push("task")
        stack.setRawField("__name", ofTableAt: -2)
        stack.newTable(fields: 3)
        lua.setFunction("wait", in: -1, name: "task:wait", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            return try scheduler.wait(for: taskArgument(call), call)
        })
        lua.setFunction("cancel", in: -1, name: "task:cancel", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            let task = try taskArgument(call)
            task.observed = true
            scheduler.cancel(task, .requested)
            return .results(0)
        })
        lua.setFunction("status", in: -1, name: "task:status", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            call.stack.push(try taskArgument(call).statusName)
            return .results(1)
        })
        stack.setRawField("__index", ofTableAt: -2)
        lua.setFunction("__tostring", in: -1, name: "task.__tostring", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            let task = try taskArgument(call)
            call.stack.push("task \(task.id) (\(task.statusName))")
            return .results(1)
        })
        lua.setFunction("__gc", in: -1, name: "task.__gc", isolated { [weak self] call throws(LuaCallError) in
            if let id = call.stack.userdata(at: 1)?.load(as: Int.self) { self?.scheduler.forget(id) }
            return .results(0)
        })
        return stack.ref()
    }

    private func pushTaskHandle(_ task: LuaTask, on stack: LuaStack) {
        stack.newUserdata(size: MemoryLayout<Int>.size).storeBytes(of: task.id, as: Int.self)
        stack.push(ref: taskMetatable)
        stack.setMetatable(ofValueAt: -2)
    }

    private func taskArgument(_ call: LuaCall) throws(LuaCallError) -> LuaTask {
        let stack = call.stack
        guard stack.type(at: 1) == .userdata, stack.pushMetatable(ofValueAt: 1) else {
            throw call.typeError(1, expected: "task")
        }
        stack.push(ref: taskMetatable)
        let isTask = stack.rawEqual(-1, -2)
        stack.pop(2)
        guard isTask, let id = stack.userdata(at: 1)?.load(as: Int.self),
              let task = scheduler.tasks[id] ?? scheduler.finished[id]
        else { throw call.typeError(1, expected: "task") }
        return task
    }
}

extension LuaCallError {
    /// For a binding called after its Runtime was freed: the Lua state closes last and runs
    /// the script's pending finalizers, which may still call stackrun's functions.
    static func runtimeClosed(_ call: LuaCall) -> LuaCallError {
        .message("'\(call.name)' cannot be called: the run is over and its Lua state is closing")
    }
}
