import Foundation
import Testing

/// `stackrun run script | jq .` must always get one JSON document, or nothing when the run
/// failed: whatever the script prints or raises goes to stderr.
@Suite("stdout carries one JSON document")
struct StdoutDocumentTests {
    @Test("several return values are one array")
    func severalValues() throws {
        let result = try stackrun(["run", try temporaryScript("return 1, 'two', {3}")])
        #expect(result.status == 0)
        #expect(result.stdout == "[\n  1,\n  \"two\",\n  [\n    3\n  ]\n]\n")
    }

    @Test("a value that cannot be encoded: nothing on stdout, exit 1, one error record")
    func unencodableValue() throws {
        let script = try temporaryScript(#"return "fine", {name = "a\xffb"}"#)
        let result = try stackrun(["run", "--log-format", "json", script])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let records = logRecords(result.stderr)
        #expect(records.count == 1, "\(result.stderr)")
        #expect((records.first?["message"] as? String)?.contains("not valid UTF-8") == true, "\(records)")
    }

    @Test("print writes a log record on stderr, with tabs between its arguments and the script's line")
    func printIsALogRecord() throws {
        let script = try temporaryScript("""
            local t = setmetatable({}, {__tostring = function() return "custom" end})
            print("a", 1, nil, true, t)
            return 7
            """)
        let result = try stackrun(["run", "--log-format", "json", script])
        #expect(result.status == 0)
        #expect(result.stdout == "7\n")
        let record = try #require(jsonRecords(result.stderr).first)
        #expect(record["message"] as? String == "a\t1\tnil\ttrue\tcustom")
        #expect(record["level"] as? String == "info")
        #expect((record["at"] as? String)?.hasSuffix("script.lua:2") == true, "\(record)")
    }

    @Test("error() with a plain table shows its fields, secrets redacted")
    func plainTableError() throws {
        let script = try temporaryScript(#"error({code = 3, reason = "x", password = "pw-never-shown"})"#)
        let text = try stackrun(["run", script])
        #expect(text.status == 1)
        #expect(text.stderr.hasPrefix(#"{"code":3,"password":"***","reason":"x"}"#), "\(text.stderr)")
        let json = try stackrun(["run", "--log-format", "json", script])
        let record = try #require(jsonRecords(json.stderr).first)
        #expect(record["message"] as? String == #"{"code":3,"password":"***","reason":"x"}"#)
        #expect((record["error"] as? [String: Any])?["code"] as? Int == 3, "\(record)")
        #expect(!(text.stderr + json.stderr).contains("pw-never-shown"))
    }
}
