import JSONValue
import LuaBridge
import Testing

@Suite("JSON <-> Lua values")
struct JSONConversionTests {
    @Test("integers and floats keep their Lua subtype both ways")
    func numberKinds() throws {
        let lua = try LuaState()
        let value = try evaluate("return {i = 3, f = 3.0, m = math.type(3), n = math.type(3.0)}", in: lua)
        #expect(value == ["f": 3.0, "i": 3, "m": "integer", "n": "float"])
        lua.stack.push(JSON.array([.int(3), .float(3.0)]))
        lua.stack.setGlobal("v")
        #expect(try evaluate("return {math.type(v[1]), math.type(v[2])}", in: lua) == ["integer", "float"])
    }

    @Test("tables with keys 1..n are arrays; others are objects with sorted keys")
    func arraysAndObjects() throws {
        let lua = try LuaState()
        #expect(try evaluate("return {10, 20, 30}", in: lua) == [10, 20, 30])
        #expect(try evaluate("return {[1] = 'a', [3] = 'c'}", in: lua) == ["1": "a", "3": "c"])
        #expect(try evaluate("return {b = 1, a = 2, [1] = 0}", in: lua).objectValue?.keys == ["1", "a", "b"])
        #expect(try evaluate("return {}", in: lua) == .object(JSONObject()))
        // As many integer keys as the largest, but not 1...n: an object, not a crash.
        #expect(try evaluate("return {[2] = 'b', [-1] = 'z'}", in: lua) == ["-1": "z", "2": "b"])
        #expect(try evaluate("return {[0] = 'z'}", in: lua) == ["0": "z"])
        #expect(try evaluate("return {[3] = 'c', [-1] = 'y', [-2] = 'z'}", in: lua) == ["-1": "y", "-2": "z", "3": "c"])
    }

    @Test("decoded arrays are marked, so [] survives a round trip")
    func emptyArrayRoundTrip() throws {
        let lua = try LuaState()
        lua.stack.push(try JSON.decode(#"{"tags": [], "meta": {}}"#))
        let back = try lua.stack.json(at: -1)
        lua.stack.pop()
        #expect(try back.encodedString() == #"{"meta":{},"tags":[]}"#)
    }

    @Test("null stands in for nil inside tables")
    func null() throws {
        let lua = try LuaState()
        lua.stack.push(JSON.array([.null, 1]))
        #expect(lua.stack.rawLength(at: -1) == 2)
        #expect(try lua.stack.json(at: -1) == [nil, 1])
        lua.stack.rawIndex(1, ofTableAt: -1)
        #expect(lua.stack.isJSONNull(at: -1))
        lua.stack.pop(2)
        #expect(lua.stack.top == 0)
    }

    @Test("a cycle is an error naming where, not a hang")
    func cycle() throws {
        let lua = try LuaState()
        try lua.load(Array("local t = {a = {b = {}}}; t.a.b.c = t; return t".utf8), chunkName: "=t")
        try lua.call(results: 1)
        #expect(throws: JSONError("cannot encode a table that contains itself (at a.b.c)")) {
            try lua.stack.json(at: -1)
        }
        lua.stack.pop()
        #expect(lua.stack.top == 0)
    }

    @Test("shared subtables are not cycles")
    func sharedSubtable() throws {
        let lua = try LuaState()
        #expect(try evaluate("local s = {1}; return {s, s}", in: lua) == [[1], [1]])
    }

    @Test("values JSON cannot hold are errors naming where")
    func unrepresentable() throws {
        let lua = try LuaState()
        for (source, message) in [
            ("return {servers = {{f = print}}}", "cannot encode a function value as JSON (at servers[1].f)"),
            ("return {[true] = 1}", "cannot encode a table key of type boolean as JSON"),
            ("return {x = 0/0}", "cannot encode NaN as JSON (at x)"),
        ] {
            try lua.load(Array(source.utf8), chunkName: "=t")
            try lua.call(results: 1)
            #expect(throws: JSONError(message)) { try lua.stack.json(at: -1) }
            lua.stack.pop()
        }
        #expect(lua.stack.top == 0)
    }

    @Test("a Lua string that is not UTF-8 converts, and fails only when encoded")
    func bytesThatAreNotUTF8() throws {
        let lua = try LuaState()
        let value = try evaluate(#"return "\xff\xfe""#, in: lua)
        #expect(value == .string([0xFF, 0xFE]))
        #expect(throws: JSONError.self) { try value.encoded() }
    }

    @Test("deep nesting is refused before the C stack runs out")
    func deepTables() throws {
        let lua = try LuaState()
        try lua.load(Array("local t = {}; for i = 1, 10000 do t = {t} end; return t".utf8), chunkName: "=t")
        try lua.call(results: 1)
        #expect(throws: JSONError.self) { try lua.stack.json(at: -1) }
        lua.stack.pop()
        #expect(lua.stack.top == 0)
    }

    @Test("text decoded straight onto the stack equals the tree decode, and errors leave the stack as it was")
    func directDecode() throws {
        let lua = try LuaState()
        let text = #"{"servers": [{"id": "a\u00e9", "n": 1, "f": 2.5, "ok": true, "none": null, "tags": []}], "empty": {}}"#
        try lua.stack.pushJSON(decoding: Array(text.utf8))
        #expect(lua.stack.top == 1)
        #expect(try lua.stack.json(at: -1) == JSON.decode(text))
        lua.stack.pop()
        #expect(throws: JSONError("expected ',' or ']' in array", line: 1, column: 17)) {
            try lua.stack.pushJSON(decoding: Array(#"{"a": [{"b": 1} 2]}"#.utf8))
        }
        #expect(lua.stack.top == 0)
    }
}
