import JSONValue
import LuaBridge
import Testing

/// JSON to Lua and back, for generated values and for mutated documents decoded straight into
/// Lua: the value comes back as it was, or the document is refused with a JSONError; the Lua
/// stack is left as it was found either way.
@Suite("JSON <-> Lua against generated and bad input")
struct LuaConversionFuzzTests {
    @Test("generated values come back from Lua as they went in")
    func generatedRoundTrip() throws {
        let lua = try LuaState()
        var random = SeededMutator(seed: SeededMutator.seed &+ 2)
        for _ in 0..<(SeededMutator.iterations / 3) {
            let value = Self.value(&random, depth: 0)
            let top = lua.stack.top
            lua.stack.push(value)
            let back = try lua.stack.json(at: -1)
            lua.stack.pop()
            #expect(back == value, "seed \(SeededMutator.seed &+ 2)")
            #expect(lua.stack.top == top)
        }
    }

    @Test("mutated documents decoded straight into Lua give a table or an error, and a clean stack")
    func mutatedDocuments() throws {
        let lua = try LuaState()
        var random = SeededMutator(seed: SeededMutator.seed &+ 3)
        let corpus = [#"{"servers": [{"id": "a", "metadata": {"k": "v"}, "flavor": {"vcpus": 2}}], "servers_links": []}"#,
                      #"[null, true, 1.5e3, -7, "\u00e9", {"": []}]"#]
        for _ in 0..<SeededMutator.iterations {
            let input = random.mutate(Array(corpus[random.below(corpus.count)].utf8))
            let top = lua.stack.top
            do {
                try lua.stack.pushJSON(decoding: input)
                let direct = try? lua.stack.json(at: -1)
                lua.stack.pop()
                if let tree = try? JSON.decode(input), let direct { #expect(direct == Self.luaView(tree)) }
            } catch {
                // Refused: nothing may be left pushed.
            }
            #expect(lua.stack.top == top, "seed \(SeededMutator.seed &+ 3): \(String(decoding: input, as: UTF8.self))")
        }
    }

    /// What Lua keeps of a JSON value: a repeated key once (the last value), as a table can hold it.
    static func luaView(_ value: JSON) -> JSON {
        switch value {
        case .array(let items): return .array(items.map(luaView))
        case .object(let object):
            var kept = JSONObject()
            for member in object.members { kept[member.key] = luaView(member.value) }
            return .object(kept)
        default: return value
        }
    }

    /// Values Lua holds exactly: integers, floats with a fraction, strings, nested tables.
    static func value(_ random: inout SeededMutator, depth: Int) -> JSON {
        switch random.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .int(Int64(bitPattern: random.next()))
        case 3: return .float(Double(random.below(1 << 20)) + 0.5)
        case 4: return JSON(String((0..<random.below(10)).map { _ in Character(Unicode.Scalar(UInt8(32 + random.below(95)))) }))
        case 5: return .array((0..<(1 + random.below(4))).map { _ in value(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<(1 + random.below(4)) { object["k\(index)"] = value(&random, depth: depth + 1) }
            return .object(object)
        }
    }
}
