import Foundation
import Testing

/// What `log.*` and the clients write: numbers and nulls as themselves in JSON, and one line per
/// record whatever the text holds.
@Suite("log records: typed, one line each")
struct LogRecordTests {
    @Test("numbers, booleans and json.null keep their JSON types in fields")
    func typedFields() throws {
        let script = try temporaryScript("""
            log.info("typed", {ms = 5, ratio = 1.5, ok = true, none = json.null, nested = {n = 2, z = json.null}})
            """)
        let result = try stackrun(["run", "--log-format", "json", script])
        let record = try #require(jsonRecords(result.stderr).first)
        #expect(record["ms"] as? Int == 5)
        #expect(record["ratio"] as? Double == 1.5)
        #expect(record["ok"] as? Bool == true)
        #expect(record["none"] is NSNull, "\(record)")
        #expect((record["nested"] as? [String: Any])?["z"] is NSNull, "\(record)")
        #expect((record["nested"] as? [String: Any])?["n"] as? Int == 2)
    }

    @Test("the clients' own records carry numbers as numbers")
    func clientRecords() throws {
        let script = try temporaryScript("nova.list()")
        let result = try stackrun(["run", "--emulator", "--log-level", "debug", "--log-format", "json", script])
        #expect(result.status == 0, "\(result.stderr)")
        let records = jsonRecords(result.stderr)
        let calls = records.filter { $0["ms"] != nil }
        #expect(!calls.isEmpty, "\(result.stderr)")
        #expect(calls.allSatisfy { $0["ms"] is Int }, "\(calls)")
        #expect(records.contains { $0["expires_in_s"] is Int }, "\(records)")
    }

    @Test("a newline or another control character in a message, key or value is escaped in text logs")
    func controlCharactersAreEscaped() throws {
        let script = try temporaryScript(#"log.info("two\nlines", {note = "a\nb\tc", ["k\r"] = "\27[31m", n = 1})"#)
        let result = try stackrun(["run", script])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains(#"INFO two\nlines "#), "\(line)")
        #expect(line.contains(#"note="a\nb\tc""#), "\(line)")
        #expect(line.contains(#"k\r="\u001b[31m""#), "\(line)")
        #expect(!line.contains("\u{1B}") && !line.contains("\r"), "\(line)")
    }
}
