import Foundation
import Testing

/// What a script writes stays bounded (README, Limits): a log record of 64 KiB at most, cut
/// with a note saying how much went; results over 100 MiB not printed at all, so that `| jq`
/// never reads part of a document.
@Suite("output limits")
struct OutputLimitTests {
    static let recordLimit = 64 * 1024

    @Test("a 10 MB string logged as text is one bounded line that says how much was cut")
    func hugeTextRecord() throws {
        let script = try temporaryScript(#"log.info(string.rep("x", 10 * 1024 * 1024), {n = 1}); return "done""#)
        let result = try stackrun(["run", script])
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        #expect(result.stdout == "\"done\"\n")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(lines.count) lines")
        let line = String(lines.first ?? "")
        #expect(line.utf8.count <= Self.recordLimit, "\(line.utf8.count) bytes")
        #expect(line.contains(" INFO xxxx"), "\(line.prefix(100))")
        #expect(line.contains("… at=") && line.contains(" n=1 truncated="), "short fields stay whole: \(line.suffix(200))")
        let cut = try #require(line.firstMatch(of: /truncated="(\d+) of (\d+) bytes cut/), "\(line.suffix(200))")
        let total = try #require(Int(cut.2))
        #expect(total > 10 * 1024 * 1024)
        let kept = line.components(separatedBy: " truncated=")[0].utf8.count
        #expect(Int(cut.1) == total - kept, "the bytes cut and the bytes kept make the whole record")
    }

    @Test("a record too long for JSON lines stays one valid JSON record, its long values cut")
    func hugeJSONRecord() throws {
        let script = try temporaryScript("""
            local big = {}
            for i = 1, 20000 do big[i] = "item " .. i end
            log.warn("many", {items = big, small = "kept", note = string.rep("é\\n", 100000)})
            """)
        let result = try stackrun(["run", "--log-format", "json", script])
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        // One record for the warning, then the run summary, which JSON logs always end with.
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].utf8.count <= Self.recordLimit, "\(lines.map(\.utf8.count))")
        #expect(logRecords(result.stderr).count == 1)
        let record = try #require(logRecords(result.stderr).first)
        #expect(record["message"] as? String == "many")
        #expect(record["small"] as? String == "kept")
        #expect((record["items"] as? String)?.hasPrefix(#"["item 1","item 2","#) == true)
        #expect((record["note"] as? String)?.hasSuffix("…") == true)
        #expect((record["truncated"] as? String)?.contains("bytes cut") == true, "\(String(describing: record["truncated"]).prefix(300))")
    }

    @Test("an error of 10 MB is cut on stderr, with a last line saying how much")
    func hugeError() throws {
        let script = try temporaryScript(#"error(string.rep("y", 10 * 1024 * 1024))"#)
        let result = try stackrun(["run", script])
        #expect(result.status == 1)
        #expect(result.stderr.utf8.count <= Self.recordLimit + 1, "\(result.stderr.utf8.count) bytes")
        #expect(result.stderr.contains(/\[\d+ of \d+ bytes cut \(a record is at most 65536 bytes\)\]/), "\(result.stderr.suffix(200))")
    }

    @Test("a result over 100 MiB is not printed: stdout stays empty, exit 1, the reason on stderr")
    func hugeResult() throws {
        let script = try temporaryScript(#"return {data = string.rep("z", 100 * 1024 * 1024)}"#)
        let result = try stackrun(["run", script])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout.utf8.count) bytes on stdout")
        #expect(result.stderr.contains("the result was not printed: it is more than the 104857600 bytes stackrun prints (104857"),
                "\(result.stderr.prefix(300))")
    }
}
