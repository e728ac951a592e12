import JSONValue
import LuaBridge
import SystemIO
import Transport
internal import Glibc

extension Runtime {
    /// Output kept per stream unless `max_output` says otherwise.
    nonisolated static let defaultExecOutput = 1 << 20

    /// `exec{"program", "arg"..., timeout =, max_output =}`: runs a program granted by
    /// `--allow-exec`, with exactly these arguments (no shell: nothing is expanded, split or
    /// quoted), stdin empty, and this environment without its secrets. The task waits without
    /// holding the loop; returns `{status =, signal =, ok =, stdout =, stderr =, truncated =}`
    /// whatever the exit status. Past `timeout`, or when the task is cancelled, the program and
    /// its process group are killed.
    func installExecLibrary() {
        lua.setGlobalFunction("exec", isolated { [unowned self] call throws(LuaCallError) in
            let request = try ExecRequest.read(call)
            let executable: String
            switch access.checkExec(request.arguments[0]) {
            case .allowed(let path): executable = path
            case .notFound: throw execError("no program '\(request.arguments[0])' found (on PATH, executable)", call)
            case .denied(let denial): throw denied(denial, call)
            }
            let position = call.stack.position()
            let name = request.arguments[0]
            let environment = EnvironmentRules.childEnvironment(Self.processEnvironment())
            return try scheduler.suspend(call) { [unowned self] complete in
                let child: ChildProcess
                do throws(ChildProcess.Failure) {
                    child = try ChildProcess.spawn(executable, arguments: request.arguments, environment: environment)
                } catch {
                    complete(.failure { [weak self] stack in self?.pushExecError(error.description, position: position, on: stack) })
                    return {}
                }
                let running = RunningProgram(child, maximumOutput: request.maximumOutput, timeout: request.timeout) { ending in
                    switch ending {
                    case .finished(let outcome):
                        complete(.success { stack in Self.pushOutcome(outcome, on: stack) })
                    case .timedOut:
                        let seconds = request.timeout ?? 0
                        complete(.failure { [weak self] stack in
                            self?.pushErrorTable(message: "exec: \(name) did not finish within \(seconds) s; it was killed",
                                                 fields: ["kind": "timeout", "program": JSON(name), "function": "exec"],
                                                 position: position, on: stack)
                        })
                    }
                }
                return { running.abandon() }
            }
        })
    }

    private static func pushOutcome(_ outcome: RunningProgram.Outcome, on stack: LuaStack) -> Int32 {
        stack.reserve(3)
        stack.newTable(fields: 6)
        switch outcome.termination {
        case .exited(let code):
            stack.push(Int(code))
            stack.setRawField("status", ofTableAt: -2)
        case .signalled(let signal):
            stack.push(Int(signal))
            stack.setRawField("signal", ofTableAt: -2)
        case .lost:
            break // neither: it ended, and how is not known
        }
        stack.push(outcome.termination == .exited(0))
        stack.setRawField("ok", ofTableAt: -2)
        stack.push(bytes: outcome.stdout)
        stack.setRawField("stdout", ofTableAt: -2)
        stack.push(bytes: outcome.stderr)
        stack.setRawField("stderr", ofTableAt: -2)
        stack.push(outcome.truncated)
        stack.setRawField("truncated", ofTableAt: -2)
        return 1
    }

    private func execError(_ message: String, _ call: LuaCall) -> LuaCallError {
        pushExecError(message, position: call.stack.position(), on: call.stack)
        return .valueOnTop
    }

    private func pushExecError(_ message: String, position: String?, on stack: LuaStack) {
        pushErrorTable(message: "exec: \(message)", fields: ["kind": "exec", "function": "exec"], position: position, on: stack)
    }

    /// This process's environment as "NAME=value" entries.
    private static func processEnvironment() -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return entries
    }
}

/// The arguments of `exec{...}`: the list is argv, the named fields are options.
struct ExecRequest {
    var arguments: [String]
    var timeout: Double?
    var maximumOutput: Int

    static func read(_ call: LuaCall) throws(LuaCallError) -> ExecRequest {
        try call.table(1)
        var arguments: [Int: String] = [:]
        var request = ExecRequest(arguments: [], timeout: nil, maximumOutput: Runtime.defaultExecOutput)
        let members: [(key: String, value: JSON)]
        switch try call.json(1) {
        case .array(let items): members = items.enumerated().map { (key: String($0.offset + 1), value: $0.element) }
        case .object(let object): members = object.members
        default: members = []
        }
        for member in members {
            if let index = Int(member.key), index >= 1 {
                guard case .string(let bytes) = member.value, !bytes.contains(0) else {
                    throw .argument(1, "argument \(index) must be a string without NUL bytes")
                }
                arguments[index] = String(decoding: bytes, as: UTF8.self)
            } else if member.key == "timeout" {
                guard let seconds = member.value.doubleValue, seconds > 0, seconds.isFinite else {
                    throw .argument(1, "'timeout' must be a positive number of seconds")
                }
                request.timeout = seconds
            } else if member.key == "max_output" {
                guard let bytes = member.value.intValue, bytes >= 0 else { throw .argument(1, "'max_output' must be a number of bytes, 0 or more") }
                request.maximumOutput = Int(bytes)
            } else {
                throw .argument(1, "unknown option '\(member.key)' (known: timeout, max_output; the program and its arguments are the list)")
            }
        }
        guard !arguments.isEmpty, arguments.keys.sorted() == Array(1...arguments.count) else {
            throw .argument(1, "the program and its arguments must be a list of strings: exec{\"git\", \"status\"}")
        }
        request.arguments = (1...arguments.count).map { arguments[$0]! }
        guard !request.arguments[0].isEmpty else { throw .argument(1, "the program name is empty") }
        return request
    }
}
