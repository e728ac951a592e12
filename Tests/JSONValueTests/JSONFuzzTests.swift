import JSONValue
import Testing

/// Bad input for the JSON decoder: mutated documents, deep nesting, numbers out of range,
/// duplicate keys. Each gives a value or a JSONError, never a crash or a hang; a value decoded
/// is encoded and decoded back to itself. A bounded pass here; scripts/fuzz/run.sh runs long.
@Suite("JSON decoder against bad input")
struct JSONFuzzTests {
    static let corpus: [String] = [
        #"{"server": {"id": "9e1c", "name": "web-1", "status": "ACTIVE", "metadata": {}, "addresses": {"net": [{"addr": "10.0.0.5", "version": 4}]}}}"#,
        #"{"volumes": [{"id": "v", "size": 10, "bootable": "false", "attachments": []}], "volumes_links": [{"rel": "next", "href": "http://x/?marker=v"}]}"#,
        #"{"NeutronError": {"type": "NetworkInUse", "message": "Unable to complete operation on network \u00e9.", "detail": ""}}"#,
        #"[1, -2, 3.5, -0.0, 1e308, 2.2250738585072014e-308, 9223372036854775807, -9223372036854775808, true, false, null, "\ud83d\ude00"]"#,
        #"{"a": {"b": {"c": [[[[[]]]]]}}, "": "", "k\"ey": "v\\al\n"}"#,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    ]

    @Test("mutated documents give a value that survives a round trip, or an error")
    func mutations() throws {
        var random = SeededMutator(seed: SeededMutator.seed)
        var decoded = 0
        for _ in 0..<SeededMutator.iterations {
            let input = random.mutate(Array(Self.corpus[random.below(Self.corpus.count)].utf8))
            guard let value = try? JSON.decode(input) else { continue }
            decoded += 1
            // A number past Double's range decodes as infinity, which JSON cannot write back.
            guard let encoded = try? value.encoded() else {
                #expect(Self.holdsInfinity(value), "only a non-finite number cannot be written back")
                continue
            }
            let again = try JSON.decode(encoded)
            #expect(again == value, "seed \(SeededMutator.seed): \(String(decoding: input, as: UTF8.self))")
        }
        #expect(decoded > 0, "some mutants are still JSON")
    }

    @Test("10,000-deep nesting, huge numbers, duplicate keys and stray bytes give errors or values, not crashes")
    func edges() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONError.self) { try JSON.decode(deep) }
        let deepObject = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(throws: JSONError.self) { try JSON.decode(deepObject) }
        // Out of Int64's range: a float, as Python's json gives for Nova's large numbers.
        #expect(try JSON.decode("99999999999999999999").doubleValue == 1e20)
        // Past Double's range: infinity, as Python's json reads it; it cannot be written back.
        #expect(try JSON.decode("1e999").doubleValue == .infinity)
        #expect(throws: JSONError.self) { try JSON.decode("1e999").encoded() }
        // A repeated key: the last value counts, and the object equals itself.
        let repeated = try JSON.decode(#"{"a": 1, "a": 2}"#)
        #expect(repeated["a"] == 2)
        #expect(repeated == repeated)
        #expect(repeated == ["a": 2])
        for bad in ["\u{0}", "[1,]", "{\"a\"}", "\"\\ud800\"", "nul", "[" , "\"abc", "01", "1.", "-", "[1 2]"] {
            #expect(throws: JSONError.self, "\(bad)") { try JSON.decode(bad) }
        }
        #expect(throws: JSONError.self) { try JSON.decode([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test("random values are encoded and decoded back to themselves")
    func generatedValues() throws {
        var random = SeededMutator(seed: SeededMutator.seed &+ 1)
        for _ in 0..<(SeededMutator.iterations / 3) {
            let value = Self.value(&random, depth: 0)
            #expect(try JSON.decode(try value.encoded()) == value)
        }
    }

    static func holdsInfinity(_ value: JSON) -> Bool {
        switch value {
        case .float(let number): return !number.isFinite
        case .array(let items): return items.contains(where: holdsInfinity)
        case .object(let object): return object.members.contains { holdsInfinity($0.value) }
        default: return false
        }
    }

    static func value(_ random: inout SeededMutator, depth: Int) -> JSON {
        switch random.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .int(Int64(bitPattern: random.next()))
        case 3: return .float(Double(Int64(bitPattern: random.next() >> 11)) / 1024)
        case 4:
            let scalars = (0..<random.below(12)).compactMap { _ in Unicode.Scalar(UInt32(random.below(0x2FFF))) }
            return JSON(String(String.UnicodeScalarView(scalars)))
        case 5: return .array((0..<random.below(5)).map { _ in value(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<random.below(5) { object["k\(index)-\(random.below(100))"] = value(&random, depth: depth + 1) }
            return .object(object)
        }
    }
}
