import JSONValue
import Testing

@Suite("JSON encoding")
struct JSONEncodingTests {
    @Test("round trip keeps every value and kind")
    func roundTrip() throws {
        let text = #"{"id":"a1","n":3,"f":3.0,"big":12345678901234567,"small":1e-07,"neg":-0.5,"ok":true,"none":null,"list":[],"obj":{},"s":"é\n\"x\""}"#
        let value = try JSON.decode(text)
        #expect(try value.encodedString() == text)
        #expect(try JSON.decode(value.encoded()) == value)
    }

    @Test("floats are written so they read back as floats")
    func floatsStayFloats() throws {
        for number in [3.0, 0.1, 1e300, -2.5e-10, 123456789.125] {
            let text = try JSON.float(number).encodedString()
            #expect(try JSON.decode(text) == .float(number), "\(text)")
        }
    }

    @Test("control characters are escaped")
    func escapes() throws {
        #expect(try JSON("\u{1}\u{8}\u{c}").encodedString() == #""\u0001\b\f""#)
    }

    @Test("what JSON cannot hold is an error")
    func unrepresentable() {
        #expect(throws: JSONError.self) { try JSON.float(.nan).encoded() }
        #expect(throws: JSONError.self) { try JSON.float(.infinity).encoded() }
        #expect(throws: JSONError("cannot encode a string that is not valid UTF-8 as JSON")) {
            try JSON.string([0xFF, 0x41]).encoded()
        }
    }

    @Test("pretty printing")
    func indent() throws {
        let value: JSON = ["a": [1, 2], "b": [:]]
        #expect(try value.encodedString(indent: 2) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }
}
