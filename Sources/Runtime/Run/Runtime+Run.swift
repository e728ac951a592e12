import JSONValue
import LuaBridge
import SystemIO
import Transport
internal import CStackrun

extension Runtime {
    /// Runs a script file as the main task, waits for every task it started, and reports.
    /// With `timeout`, every task is cancelled when it expires. After a cancellation, cleanup
    /// code may do I/O for `grace` seconds; then the watchdog stops whatever still runs.
    public func run(_ script: Script, timeout: Double? = nil, grace: Double = Scheduler.defaultGraceSeconds) async -> RunReport {
        if let refusal = installedRecipeRefusal(for: script.path) {
            return RunReport(status: .recipeChanged, failure: ScriptFailure(message: refusal))
        }
        let source: [UInt8]
        do {
            source = try FileAccess.read(script.path)
        } catch {
            return RunReport(status: .usage, failure: ScriptFailure(message: error.description))
        }
        do {
            try lua.load(source, chunkName: "@\(script.path)")
            try giveOwnEnvironment(toChunkAt: -1)
        } catch {
            return RunReport(status: .scriptError, failure: ScriptFailure(message: error.message))
        }
        setArgumentTable(script)
        // Found by name, it is that recipe from its first record on (its body may log).
        if let name = script.recipeName, !onlyReadsDeclaration { LogContext.recipe = name }
        let directory = FileAccess.directory(of: script.path)
        // A script reads its own directory, where its helpers and data travel with it.
        access.grantRead(directory)
        setModuleSearchPath(ModuleSearchPath(scriptDirectory: directory, recipePath: effectiveRecipePath))
        return await runLoadedChunk(script, timeout: timeout, grace: grace)
    }

    /// Runs Lua source text (a chunk named `name`) like a script file.
    public func run(source: String, name: String = "=chunk", timeout: Double? = nil,
                    grace: Double = Scheduler.defaultGraceSeconds) async -> RunReport {
        do {
            try lua.load(Array(source.utf8), chunkName: name)
            try giveOwnEnvironment(toChunkAt: -1)
        } catch {
            return RunReport(status: .scriptError, failure: ScriptFailure(message: error.message))
        }
        return await runLoadedChunk(Script(path: name), timeout: timeout, grace: grace)
    }

    private func runLoadedChunk(_ script: Script, timeout: Double?, grace: Double) async -> RunReport {
        apply(limits)
        let arguments = script.arguments
        let stack = lua.stack
        stack.reserve(Int32(arguments.count) + 1)
        for argument in arguments { stack.push(argument) }
        let count = Int32(arguments.count)
        let main = scheduler.spawn(functionAt: stack.top - count, arguments: count, from: stack)
        stack.pop(count + 1)
        main.observed = true
        scheduler.mainTask = main
        scheduler.graceNanoseconds = nanoseconds(fromSeconds: grace)
        // The watchdog learns the timeout now: the timer below cannot fire while Lua runs.
        let cancelAt = timeout.map { monotonicNanoseconds() &+ nanoseconds(fromSeconds: $0) } ?? 0
        sr_watchdog_arm(lua.stack.L, cancelAt, scheduler.graceNanoseconds)
        var timer: TimerID?
        if let timeout {
            timer = EventLoop.shared.schedule(after: timeout) { [weak self] in self?.interrupt(.timeout) }
        }
        await scheduler.waitUntilIdle()
        var finished = main
        switch startRecipe(returnedBy: main, script: script) {
        case .notARecipe: break
        case .refused(let refusal):
            recipe = refusal.recipe
            LogContext.recipe = refusal.recipe
            disarm(timer)
            return refusal
        case .started(let task, let declaration):
            recipe = declaration.name
            LogContext.recipe = declaration.name
            await scheduler.waitUntilIdle()
            finished = task
        }
        disarm(timer)
        var report = report(for: finished)
        report.recipe = recipe
        return report
    }

    private func disarm(_ timer: TimerID?) {
        if let timer { EventLoop.shared.cancelTimer(timer) }
        sr_watchdog_arm(lua.stack.L, 0, 0)
    }

    /// `package.path` for a script file: its own directory first (see ModuleSearchPath).
    private func setModuleSearchPath(_ path: ModuleSearchPath) {
        moduleRoots = path.directories.compactMap(POSIXFile.canonicalPath)
        let stack = lua.stack
        guard stack.pushGlobal("package") == .table else { return stack.pop() }
        stack.push(path.packagePath)
        stack.setRawField("path", ofTableAt: -2)
        stack.pop()
    }

    /// `arg` as lua.c sets it: the script at 0, its arguments at 1..n, what preceded it below 0.
    private func setArgumentTable(_ script: Script) {
        let stack = lua.stack
        stack.newTable(array: Int32(script.arguments.count), fields: Int32(script.precedingArguments.count + 1))
        for (offset, argument) in script.precedingArguments.reversed().enumerated() {
            stack.push(argument)
            stack.setRawIndex(-Int64(offset + 1), ofTableAt: -2)
        }
        stack.push(script.path)
        stack.setRawIndex(0, ofTableAt: -2)
        for (index, argument) in script.arguments.enumerated() {
            stack.push(argument)
            stack.setRawIndex(Int64(index + 1), ofTableAt: -2)
        }
        stack.setGlobal("arg")
    }

    private func report(for main: LuaTask) -> RunReport {
        var report = RunReport(status: .success)
        for task in scheduler.failedTasks where !task.observed {
            guard case .failed(let failure) = task.outcome else { continue }
            report.unobservedFailures.append(ScriptFailure(message: failure.message, traceback: failure.traceback, value: failure.value))
            if let kind = failure.kind { report.unobservedKinds.append(kind) }
        }
        switch main.outcome {
        case .returned(let ref, let count):
            do {
                report.results = try results(ref: ref, count: count)
            } catch {
                report.failure = ScriptFailure(message: "cannot output the script's results: \(error.message)")
            }
        case .failed(let failure):
            report.failure = ScriptFailure(message: failure.message, traceback: failure.traceback, value: failure.value)
            report.failureKind = failure.kind
        case .cancelled(let reason):
            report.failure = ScriptFailure(message: "the main script was \(reason.rawValue)")
        case nil:
            report.failure = ScriptFailure(message: "the main script did not finish")
        }
        switch scheduler.runCancellation {
        case .timeout: report.status = .timeout
        case .interrupted: report.status = .interrupted
        case .terminated: report.status = .terminated
        default:
            guard report.failure != nil || !report.unobservedFailures.isEmpty else { break }
            // The main chunk's error decides; else the first telling error of a task nobody
            // waited for (a sign-in refused in a spawned task is still a refusal).
            let kinds = report.failure == nil ? report.unobservedKinds : [report.failureKind].compactMap { $0 }
            report.status = kinds.lazy.compactMap(Self.exitStatus(forKind:)).first ?? .scriptError
            applyLimitStatus(to: &report)
        }
        return report
    }

    /// The exit status an uncaught error of `kind` means, when it is not a plain script error.
    static func exitStatus(forKind kind: String) -> ExitStatus? {
        switch kind {
        case "configuration": .configuration
        case "authentication", "unauthorized_after_reauthentication": .authentication
        case "unreachable": .unreachable
        case "permission_denied": .permissionDenied
        case "recipe_changed": .recipeChanged
        default: nil
        }
    }

    private func results(ref: Int32, count: Int32) throws(JSONError) -> [JSON] {
        let stack = lua.stack
        stack.push(ref: ref)
        defer { stack.pop() }
        var values: [JSON] = []
        for index in stride(from: Int32(1), through: count, by: 1) {
            stack.rawIndex(Int64(index), ofTableAt: -1)
            defer { stack.pop() }
            do {
                values.append(try stack.json(at: -1))
            } catch {
                throw JSONError(count > 1 ? "result #\(index): \(error.message)" : error.message)
            }
        }
        return values
    }

    /// Compiles a file without running it; the syntax error ("file:line: message") if any.
    nonisolated public static func syntaxError(inFile path: String) -> String? {
        do {
            let state = try LuaState()
            defer { state.close() }
            try state.load(try FileAccess.read(path), chunkName: "@\(path)")
            return nil
        } catch let error as FileAccess.Failure {
            return error.description
        } catch let error as LuaError {
            return error.message
        } catch {
            return "\(error)"
        }
    }
}
