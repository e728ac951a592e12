import JSONValue
import LuaBridge
import Testing

/// `encodeJSON(at:)` writes text straight from Lua values; it must give exactly the text of the
/// two-step way (`json(at:)`, then `encoded()`), and fail where that fails, on thousands of random
/// tables: mixed keys (negative, zero, sparse, strings), marks, nulls, odd numbers and strings.
@Suite("JSON written straight from Lua values")
struct DirectEncodingTests {
    static let generator = """
        local null, marked_array, marked_object = ...
        local seed = 0
        local function random(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
        local keys = {1, 2, 3, 0, -1, -2, 4, 10, "a", "b", "", "k\\xff", 1.5, math.mininteger, math.maxinteger}
        local scalars = {0, -7, 2.5, 1e300, 0/0, 1/0, -0.0, math.maxinteger, "s", "é\\"\\n\\0", "\\xff",
                         true, false}
        local function value(depth)
          local r = random(10)
          if depth > 3 or r <= 4 then
            if r == 1 then return null end
            return scalars[random(#scalars)]
          end
          local t = {}
          if r == 5 then for i = 1, random(4) do t[i] = value(depth + 1) end
          else for _ = 1, random(6) - 1 do t[keys[random(#keys)]] = value(depth + 1) end end
          local m = random(5)
          if m == 1 then setmetatable(t, marked_array) elseif m == 2 then setmetatable(t, marked_object) end
          return t
        end
        local values = {}
        for i = 1, 3000 do values[i] = value(0) end
        local shared = {1}; values[#values + 1] = {a = shared, b = shared}
        local cycle = {}; cycle.self = cycle; values[#values + 1] = {x = {cycle}}
        values[#values + 1] = {f = print}
        return values
        """

    @Test("the same text, or the same failure, as the two-step way")
    func matchesTheTwoStepWay() throws {
        let lua = try LuaState()
        let stack = lua.stack
        try lua.load(Array(Self.generator.utf8), chunkName: "=generator")
        // json.null and the two marks' metatables.
        stack.pushJSONNull()
        stack.pushJSONMetatable(array: true)
        stack.pushJSONMetatable(array: false)
        try lua.call(arguments: 3, results: 1)
        let count = stack.rawLength(at: -1)
        var failures = 0
        for index in 1...count {
            stack.rawIndex(Int64(index), ofTableAt: -1)
            defer { stack.pop() }
            for indent in [0, 2] {
                let twoStep = Result { () throws(JSONError) in try stack.json(at: -1).encoded(indent: indent) }
                let direct = Result { () throws(JSONError) in try stack.encodeJSON(at: -1, indent: indent) }
                switch (twoStep, direct) {
                case (.success(let expected), .success(let text)):
                    #expect(text == expected, "value \(index)")
                case (.failure, .failure):
                    // Both refuse it. With several faults in one value the first one met may
                    // differ (the writer checks a table's keys before its values); the
                    // messages themselves are checked in StandardLibraryTests.
                    failures += 1
                default:
                    Issue.record("value \(index): \(twoStep) / \(direct)")
                }
            }
        }
        #expect(failures > 100 && failures < 2 * count - 100, "both kinds of outcome were met")
        stack.pop()
        #expect(stack.top == 0)
    }
}
