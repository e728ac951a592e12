import JSONValue
import LuaBridge
import Testing

@Suite("Lua state, chunks and coroutines")
struct StateTests {
    @Test("syntax errors carry file:line")
    func syntaxError() throws {
        let lua = try LuaState()
        #expect(throws: LuaError("script.lua:2: unexpected symbol near <eof>")) {
            try lua.load(Array("local x =\n".utf8), chunkName: "@script.lua")
        }
        #expect(lua.stack.top == 0)
    }

    @Test("a shebang line is skipped and line numbers kept")
    func shebang() throws {
        let lua = try LuaState()
        try lua.load(Array("#!/usr/bin/env stackrun\nerror('x')".utf8), chunkName: "@s.lua")
        do { try lua.call() } catch {
            #expect(error.message == "s.lua:2: x")
            #expect(error.traceback?.contains("s.lua:2: in main chunk") == true)
        }
    }

    @Test("runtime errors come with a traceback")
    func traceback() throws {
        let lua = try LuaState()
        try lua.load(Array("local function inner() error('deep') end\nlocal function outer() inner() end\nouter()".utf8), chunkName: "@t.lua")
        do {
            try lua.call()
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "t.lua:1: deep")
            let traceback = error.traceback ?? ""
            #expect(traceback.contains("t.lua:1: in ") && traceback.contains("t.lua:2: in ") && traceback.contains("t.lua:3: in main chunk"))
        }
        #expect(lua.stack.top == 0)
    }

    @Test("a binding yields to the host and resumes with results or an error")
    func hostYield() throws {
        let lua = try LuaState()
        lua.setGlobalFunction("wait") { call in
            call.stack.push(Int64(99))
            return .hostYield(1)
        }
        let thread = lua.newThread()
        try lua.load(Array("local a, b = wait(); local ok, e = pcall(wait); return a + b, e".utf8), chunkName: "=co", on: thread.stack)
        #expect(thread.resume(arguments: 0) == .yielded(1))
        #expect(thread.stack.integer(at: -1) == 99)
        thread.stack.pop()
        thread.stack.push(true)
        thread.stack.push(Int64(40))
        thread.stack.push(Int64(2))
        #expect(thread.resume(arguments: 3) == .yielded(1))
        thread.stack.pop()
        thread.stack.push(false)
        thread.stack.push("no")
        #expect(thread.resume(arguments: 2) == .returned(2))
        #expect(try thread.stack.json(at: -2) == 42)
        #expect(thread.stack.string(at: -1) == "no")
        thread.stack.pop(2)
        lua.release(thread)
        #expect(lua.stack.top == 0)
    }

    @Test("a failed coroutine gives its error and traceback")
    func coroutineFailure() throws {
        let lua = try LuaState()
        let thread = lua.newThread()
        try lua.load(Array("local t = nil\nreturn t.x".utf8), chunkName: "@c.lua", on: thread.stack)
        #expect(thread.resume(arguments: 0) == .failed)
        let failure = thread.failure()
        #expect(failure.message == "c.lua:2: attempt to index a nil value (local 't')")
        #expect(failure.traceback?.contains("c.lua:2: in main chunk") == true)
        lua.stack.pop()
        lua.release(thread)
        #expect(lua.stack.top == 0)
    }

    @Test("memory is counted and released")
    func memoryAccounting() throws {
        let lua = try LuaState()
        let base = lua.memoryInUse
        #expect(base > 0)
        _ = try evaluate("big = string.rep('x', 1000000); return 1", in: lua)
        #expect(lua.memoryInUse > base + 1_000_000)
        _ = try evaluate("big = nil; return 1", in: lua)
        lua.collectGarbage()
        #expect(lua.memoryInUse < base + 100_000)
        #expect(lua.peakMemory > base + 1_000_000)
    }

    @Test("only the sandbox libraries are open")
    func libraries() throws {
        let lua = try LuaState()
        let value = try evaluate("""
            return {io = type(io), debug = type(debug), package = type(package), string = type(string),
                    utf8 = type(utf8), execute = type(os.execute), time = type(os.time), exit = type(os.exit)}
            """, in: lua)
        #expect(value == ["debug": "nil", "execute": "nil", "exit": "nil", "io": "nil", "package": "nil",
                          "string": "table", "time": "function", "utf8": "table"])
    }
}
