internal import CLua
internal import CStackrun

/// What a Swift function registered with Lua returns. It never raises or yields itself: the C
/// trampoline does either after the Swift frame has returned (see trampoline.c).
public enum LuaReturn {
    /// The top `count` values are the results.
    case results(Int32)
    /// Yield the top `count` values to the scheduler. The coroutine is later resumed with
    /// `(true, results...)`, which become the call's results, or `(false, error)`, raised.
    case hostYield(Int32)
}

/// How a binding fails. Each case becomes a Lua error raised by the trampoline.
public enum LuaCallError: Error {
    /// "bad argument #n to 'name' (message)", prefixed with the caller's file:line.
    case argument(Int32, String)
    /// A message, prefixed with the caller's file:line.
    case message(String)
    /// The binding has pushed the error value itself (for example an error table).
    case valueOnTop
}

public typealias LuaFunction = (LuaCall) throws(LuaCallError) -> LuaReturn

struct LuaBinding {
    let name: String
    let function: LuaFunction
}

extension LuaState {
    /// Pushes a Lua function that calls `function`; `name` is how errors refer to it
    /// ("json.decode", or "task:wait" for a method).  [-0, +1]
    public func pushFunction(_ name: String, _ function: @escaping LuaFunction) {
        bindings.append(LuaBinding(name: name, function: function))
        sr_push_binding(stack.L, Int32(bindings.count - 1))
    }

    /// `table[key] = function` for the table at `index`.  [-0, +0]
    public func setFunction(_ key: String, in index: Int32, name: String, _ function: @escaping LuaFunction) {
        let table = stack.absolute(index)
        pushFunction(name, function)
        stack.setRawField(key, ofTableAt: table)
    }

    /// Registers a global function.
    public func setGlobalFunction(_ name: String, _ function: @escaping LuaFunction) {
        pushFunction(name, function)
        stack.setGlobal(name)
    }

    fileprivate func invoke(_ id: Int32, on L: OpaquePointer) -> Int32 {
        let binding = bindings[Int(id)]
        let call = LuaCall(stack: LuaStack(L), name: binding.name)
        do {
            switch try binding.function(call) {
            case .results(let count): return count
            case .hostYield(let count): return SR_YIELD_BASE - count
            }
        } catch {
            switch error {
            case .argument(let position, let message):
                let text = call.argumentErrorText(position, message)
                guard let push = argumentError else {
                    call.stack.push(text)
                    return SR_RAISE_WHERE
                }
                push(call.stack, call.name, text)
                return SR_RAISE
            case .message(let message):
                call.stack.push(message)
                return SR_RAISE_WHERE
            case .valueOnTop:
                return SR_RAISE
            }
        }
    }
}

/// The one entry from C into Swift bindings, installed with sr_set_dispatch.
let luaBindingDispatch: sr_dispatch_fn = { L, id in
    LuaState.owner(of: L).invoke(id, on: L)
}
