import Foundation
import Testing

/// With `--log-format json`, a log collector reading stderr gets one JSON record per line for
/// everything stackrun writes there, failures included.
@Suite("--log-format json: every stderr line is a JSON record")
struct StructuredStderrTests {
    @Test("a fatal error is one record, with its traceback in a field")
    func fatalError() throws {
        let script = try temporaryScript("local t = {}\nreturn t.x.y")
        let result = try stackrun(["run", "--log-format", "json", script])
        #expect(result.status == 1)
        let records = logRecords(result.stderr)
        #expect(records.count == 1, "\(result.stderr)")
        #expect(records.first?["level"] as? String == "error")
        #expect(records.first?["message"] as? String == "\(script):2: attempt to index a nil value (field 'x')")
        #expect((records.first?["traceback"] as? String)?.hasPrefix("stack traceback:\n") == true)
    }

    @Test("a failed task nobody waited for is one record")
    func unobservedFailure() throws {
        let script = try temporaryScript("spawn(function() error('lost') end)")
        let result = try stackrun(["run", "--log-format", "json", script])
        #expect(result.status == 1)
        let records = logRecords(result.stderr)
        #expect(records.count == 1, "\(result.stderr)")
        #expect((records.first?["message"] as? String)?.hasSuffix("script.lua:1: lost") == true, "\(records)")
        #expect(records.first?["traceback"] is String)
    }

    @Test("the timeout notice is a record")
    func timeoutNotice() throws {
        let script = try temporaryScript("sleep(60)")
        let result = try stackrun(["run", "--log-format", "json", "--timeout", "0.2", script])
        #expect(result.status == 124)
        let messages = jsonRecords(result.stderr).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("the run timed out; every task was cancelled") }, "\(messages)")
    }

    @Test("usage errors are records too when --log-format json was given", arguments: [
        ["run", "--log-format", "json", "--bogus", "x.lua"], ["run", "--log-format=json", "--timeout", "-1", "x.lua"],
        ["run", "--log-format", "json", "/nonexistent/script.lua"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try stackrun(arguments)
        #expect(result.status == 2)
        let records = logRecords(result.stderr)
        #expect(records.count == 1, "\(result.stderr)")
        #expect(records.first?["level"] as? String == "error")
    }
}
