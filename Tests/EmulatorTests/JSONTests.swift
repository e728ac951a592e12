import Emulator
import Testing

struct JSONTests {
    @Test func keepsMemberOrderAndWritesBothLayouts() throws {
        let value = try EmulatorJSON.parse(#"{"b": 1, "a": [true, null, "x"], "c": {"d": 2.5}}"#)
        #expect(value.serialized(.python) == #"{"b": 1, "a": [true, null, "x"], "c": {"d": 2.5}}"#)
        #expect(value.serialized(.compact) == #"{"b":1,"a":[true,null,"x"],"c":{"d":2.5}}"#)
    }

    @Test func escapesAsPythonDoes() throws {
        let value: EmulatorJSON = ["text": "quote \" backslash \\ newline \n tab \t é 😀 <br />"]
        #expect(value.serialized() == #"{"text": "quote \" backslash \\ newline \n tab \t \u00e9 \ud83d\ude00 <br />"}"#)
        #expect(try EmulatorJSON.parse(value.serialized()) == value)
    }

    @Test func parsesEscapesAndNumbers() throws {
        let value = try EmulatorJSON.parse(#"{"s": "\u00e9\ud83d\ude00\/", "i": -12, "d": 1.5e2, "big": 12345678901234}"#)
        #expect(value["s"]?.stringValue == "é😀/")
        #expect(value["i"] == .int(-12))
        #expect(value["d"]?.doubleValue == 150)
        #expect(value["big"]?.intValue == 12_345_678_901_234)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "tru", "\"unterminated", "01x", "{'a': 1}"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try EmulatorJSON.parse(text) }
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try EmulatorJSON.parse(#"{"a":1,"b":2}"#) == EmulatorJSON.parse(#"{"b":2,"a":1}"#))
        #expect(try EmulatorJSON.parse(#"{"a":1}"#) != EmulatorJSON.parse(#"{"a":2}"#))
    }
}
