import JSONValue
import Runtime
import Testing
import Transport

@Suite("json and log from Lua")
struct StandardLibraryTests {
    @Test("json.decode then json.encode gives the same text")
    @LoopActor func jsonRoundTrip() async throws {
        let text = #"{"a":[],"b":{},"c":3,"d":3.0,"e":null,"f":"\u00e9","g":[1,null,2]}"#
        let report = try await runLua("return json.encode(json.decode([[\(text)]]))")
        #expect(report.results == [JSON(#"{"a":[],"b":{},"c":3,"d":3.0,"e":null,"f":"é","g":[1,null,2]}"#)])
    }

    @Test("json.array, json.object and json.null mark what plain tables cannot say")
    @LoopActor func markers() async throws {
        let value = try await evaluateLua("""
            return json.encode({list = json.array(), map = json.object({1, 2}), none = json.null,
                                kept = json.array({1, 2})})
            """)
        #expect(value == JSON(#"{"kept":[1,2],"list":[],"map":{"1":1,"2":2},"none":null}"#))
    }

    @Test("encoding errors name the bad value and where it is")
    @LoopActor func encodingErrors() async throws {
        let value = try await evaluateLua("""
            local t = {servers = {{}}}; t.servers[1].self = t
            local ok1, e1 = pcall(json.encode, t)
            local ok2, e2 = pcall(json.encode, {s = "\\xff"})
            local ok3, e3 = pcall(json.encode, {f = print})
            local ok4, e4 = pcall(json.encode, {list = {{["k\\xff"] = 1}}})
            for _, e in ipairs({e1, e2, e3, e4}) do assert(err.kind(e) == "invalid_argument") end
            return {e1.message, e2.message, e3.message, e4.message}
            """)
        #expect(value == [
            "bad argument #1 to 'json.encode' (cannot encode a table that contains itself (at servers[1].self))",
            "bad argument #1 to 'json.encode' (cannot encode a string that is not valid UTF-8 as JSON (at s))",
            "bad argument #1 to 'json.encode' (cannot encode a function value as JSON (at f))",
            "bad argument #1 to 'json.encode' (cannot encode a table key that is not valid UTF-8 as JSON (at list[1]))",
        ])
    }

    @Test("decoding errors give the position in the text")
    @LoopActor func decodingErrors() async throws {
        let value = try await evaluateLua("return select(2, pcall(json.decode, '{\"a\": tru}'))")
        // Called by pcall (a C function), so no script position is prefixed, as with Lua's own functions.
        #expect(value == "json.decode: invalid literal at line 1 column 7")
    }

    @Test("json.encode pretty-prints on request and rejects bad options")
    @LoopActor func indent() async throws {
        #expect(try await evaluateLua("return json.encode({a = 1}, {indent = 2})") == "{\n  \"a\": 1\n}")
        let report = try await runLua("json.encode({}, {indent = 'x'})")
        #expect(report.status == .scriptError)
        #expect(report.failure?.message == "script:1: bad argument #2 to 'json.encode' (indent must be an integer from 0 to 16)")
    }

    @Test("a script's errors carry file:line and a traceback")
    @LoopActor func errorsHaveTracebacks() async throws {
        let report = try await runLua("local function f()\n  error('bad thing')\nend\nf()")
        #expect(report.status == .scriptError)
        #expect(report.failure?.message == "script:2: bad thing")
        let traceback = report.failure?.traceback ?? ""
        #expect(traceback.contains("script:2: in ") && traceback.contains("script:4: in main chunk"))
    }

    @Test("returned values become JSON results; a function cannot")
    @LoopActor func results() async throws {
        let ok = try await runLua("return 1, 'two', {3.5}")
        #expect(ok.results == [1, "two", [3.5]])
        let bad = try await runLua("return 1, print")
        #expect(bad.status == .scriptError)
        #expect(bad.failure?.message == "cannot output the script's results: result #2: cannot encode a function value as JSON")
    }

    @Test("binary chunks are refused and file access is absent")
    @LoopActor func sandbox() async throws {
        let value = try await evaluateLua("""
            local ok, err = load("\\27LuaT\\0 a precompiled chunk's signature")
            return {binary = err, dofile = type(dofile), loadfile = type(loadfile), io = type(io)}
            """)
        #expect(value?["binary"]?.stringValue?.contains("attempt to load a binary chunk") == true)
        #expect(value?["dofile"] == "nil" && value?["loadfile"] == "nil" && value?["io"] == "nil")
    }
}
