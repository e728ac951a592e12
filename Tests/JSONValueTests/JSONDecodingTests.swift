import JSONValue
import Testing

@Suite("JSON decoding")
struct JSONDecodingTests {
    @Test("integers and floats stay apart")
    func numbersKeepTheirKind() throws {
        #expect(try JSON.decode("3") == .int(3))
        #expect(try JSON.decode("3.0") == .float(3.0))
        #expect(try JSON.decode("-0") == .int(0))
        #expect(try JSON.decode("1e2") == .float(100))
        #expect(try JSON.decode("-9223372036854775808") == .int(.min))
        #expect(try JSON.decode("9223372036854775807") == .int(.max))
        // One past Int64 cannot be an integer: it becomes the nearest float.
        #expect(try JSON.decode("9223372036854775808") == .float(9223372036854775808.0))
        #expect(try JSON.decode("12345678901234567") == .int(12345678901234567))
    }

    @Test("strings: escapes, surrogate pairs and raw UTF-8")
    func strings() throws {
        #expect(try JSON.decode(#""a\"b\\c\/d\n\t\u00e9""#) == JSON("a\"b\\c/d\n\té"))
        #expect(try JSON.decode(#""\ud83d\ude00""#) == JSON("😀"))
        #expect(try JSON.decode("\"héllo\"") == JSON("héllo"))
    }

    @Test("objects keep order and the last duplicate wins")
    func objects() throws {
        let value = try JSON.decode(#"{"b": 1, "a": [true, false, null], "b": 2}"#)
        #expect(value.objectValue?.keys == ["b", "a", "b"])
        #expect(value["b"] == .int(2))
        #expect(value["a"] == [true, false, nil])
    }

    @Test("errors say what and where", arguments: [
        ("{\"a\": }", "unexpected character '}' at line 1 column 7"),
        ("[1,\n 2,", "unexpected end of JSON text at line 2 column 4"),
        ("01", "leading zero in number at line 1 column 2"),
        ("\"\\ud800\"", "unpaired surrogate in \\u escape at line 1 column 8"),
        ("\"a\u{1}\"", "unescaped control character in string at line 1 column 3"),
        ("[1] x", "unexpected data after the JSON value at line 1 column 5"),
        ("tru", "invalid literal at line 1 column 1"),
    ])
    func errors(text: String, message: String) {
        #expect(throws: JSONError.self) { try JSON.decode(text) }
        do {
            _ = try JSON.decode(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("invalid UTF-8 in a document is refused")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONError("invalid UTF-8 in string", line: 1, column: 1)) { try JSON.decode(bytes) }
    }

    @Test("nesting is bounded instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { try JSON.decode(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSON.decode(fine)) != nil)
    }
}
