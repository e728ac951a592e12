import JSONValue
import LuaBridge
import Testing

@Suite("Swift functions called from Lua")
struct BindingTests {
    @Test("argument errors read like Lua's own, with the caller's file:line")
    func argumentErrors() throws {
        let lua = try state(with: "decode") { call throws(LuaCallError) in
            _ = try call.string(1)
            return .results(0)
        }
        for (source, message) in [
            ("decode()", "t:1: bad argument #1 to 'decode' (string expected, got no value)"),
            ("decode(nil)", "t:1: bad argument #1 to 'decode' (string expected, got nil)"),
            ("\ndecode({})", "t:2: bad argument #1 to 'decode' (string expected, got table)"),
        ] {
            try lua.load(Array(source.utf8), chunkName: "=t")
            #expect(luaErrorMessage { () throws(LuaError) in try lua.call() } == message)
        }
        #expect(lua.stack.top == 0)
    }

    @Test("a method names its self argument as Lua does")
    func methodErrors() throws {
        let lua = try state(with: "m") { call throws(LuaCallError) in
            _ = try call.integer(2)
            throw .argument(1, "task expected, got number")
        }
        try lua.load(Array("m(1, 'x')".utf8), chunkName: "=t")
        #expect(luaErrorMessage { () throws(LuaError) in try lua.call() } == "t:1: bad argument #2 to 'm' (number expected, got string)")
        lua.setGlobalFunction("task:wait") { call throws(LuaCallError) in throw .argument(1, "task expected, got number") }
        try lua.load(Array("_G['task:wait'](1)".utf8), chunkName: "=t")
        #expect(luaErrorMessage { () throws(LuaError) in try lua.call() } == "t:1: calling 'task:wait' on bad self (task expected, got number)")
        #expect(lua.stack.top == 0)
    }

    @Test("1000 failing calls under pcall leave no Swift object alive")
    func failingCallsDoNotLeak() throws {
        let lua = try state(with: "fail") { call throws(LuaCallError) in
            let tracked = Tracked()
            let message = "failed with \(tracked.payload.count) bytes held"
            withExtendedLifetime(tracked) {}
            throw .message(message)
        }
        let before = Tracked.live
        let result = try evaluate("""
            local failures = 0
            for i = 1, 1000 do
              local ok, err = pcall(fail)
              if not ok and err:find('failed with 512 bytes held', 1, true) then failures = failures + 1 end
            end
            return failures
            """, in: lua)
        #expect(result == 1000)
        #expect(Tracked.live == before)
    }

    @Test("results are returned in order")
    func results() throws {
        let lua = try state(with: "three") { call in call.returning(1, "two", [3]) }
        #expect(try evaluate("return {three()}", in: lua) == [1, "two", [3]])
    }

    @Test("an error value pushed by the binding is raised as is")
    func errorValues() throws {
        let lua = try state(with: "fail") { call throws(LuaCallError) in
            call.stack.push(["status": 404] as JSON)
            throw .valueOnTop
        }
        #expect(try evaluate("local ok, e = pcall(fail); return e.status", in: lua) == 404)
    }
}
