import JSONValue
import LuaBridge
import Testing

/// Runs Lua source on the main stack of a fresh state, checking the stack is left as it was.
func evaluate(_ source: String, in lua: LuaState) throws -> JSON {
    let before = lua.stack.top
    try lua.load(Array(source.utf8), chunkName: "=test")
    try lua.call(results: 1)
    defer { lua.stack.pop() }
    let value = try lua.stack.json(at: -1)
    #expect(lua.stack.top == before + 1)
    return value
}

/// A Lua state with `fn` registered as the global `name`.
func state(with name: String, _ fn: @escaping LuaFunction) throws -> LuaState {
    let lua = try LuaState()
    lua.setGlobalFunction(name, fn)
    return lua
}

/// Counts live instances, to prove no Swift object outlives a failing binding call.
final class Tracked {
    nonisolated(unsafe) static var live = 0
    let payload = [UInt8](repeating: 7, count: 512)
    init() { Tracked.live += 1 }
    deinit { Tracked.live -= 1 }
}

/// The message of the LuaError `body` throws (traceback left out), or nil if it succeeds.
func luaErrorMessage(_ body: () throws(LuaError) -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return error.message
    }
}
