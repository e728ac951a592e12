import Foundation
import Testing

/// `--quiet-success` (chronic's behaviour): nothing on stderr when the run succeeds, the whole
/// log when it fails, head and tail when the log was larger than what is kept.
@Suite("--quiet-success", .serialized)
struct QuietSuccessTests {
    static let chatty = """
        local fail = ...
        for i = 1, 5 do log.info("step " .. i) end
        log.warn("almost done")
        if fail == "fail" then error("the last step failed") end
        return {done = true}
        """

    @Test("a run that succeeds prints nothing on stderr, its result on stdout; with --summary and json logs too")
    func silentOnSuccess() throws {
        let script = try temporaryScript(Self.chatty)
        for flags in [["--quiet-success"], ["--quiet-success", "--summary"], ["--quiet-success", "--log-format", "json"]] {
            let result = try stackrun(["run"] + flags + [script])
            #expect(result.status == 0, "\(flags): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(flags): \(result.stderr)")
            #expect(result.stdout.filter { !$0.isWhitespace } == "{\"done\":true}", "\(flags): \(result.stdout)")
        }
    }

    @Test("a run that fails prints everything it would have printed without the flag")
    func completeOnFailure() throws {
        let script = try temporaryScript(Self.chatty)
        let plain = try stackrun(["run", "--summary", script, "fail"])
        let quiet = try stackrun(["run", "--summary", "--quiet-success", script, "fail"])
        #expect(plain.status == 1 && quiet.status == 1, "\(quiet.stderr)")
        // The same lines but for the times they carry and the run's id and duration.
        func shape(_ text: String) -> [String] {
            text.split(separator: "\n").map { line in
                String(line).replacing(/\d{4}-\d\d-\d\dT[\d:.]+Z/, with: "TIME").replacing(/\d{8}T\d{6}Z-[0-9a-f]{8}/, with: "RUN")
                    .replacing(/in [\d.]+ s/, with: "in S")
            }
        }
        #expect(shape(quiet.stderr) == shape(plain.stderr), "\(quiet.stderr) vs \(plain.stderr)")
        #expect(quiet.stderr.contains("step 1") && quiet.stderr.contains("step 5") && quiet.stderr.contains("almost done"))
        #expect(quiet.stderr.contains("the last step failed") && quiet.stderr.contains("script_error (exit 1)"), "\(quiet.stderr)")
    }

    @Test("a failed run's log larger than the bound: its head, a line saying how much was left out, its tail")
    func boundedOnFailure() throws {
        // 2 MiB of records, then the error: more than the 1 MiB kept.
        let script = try temporaryScript("""
            local filler = string.rep("x", 100)
            for i = 1, 20000 do log.info("line " .. i .. " " .. filler) end
            error("failed after all that")
            """)
        let result = try stackrun(["run", "--quiet-success", script])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.contains("line 1 x") == true, "\(lines.first ?? "")")
        #expect(result.stderr.utf8.count < 1_100_000 && result.stderr.utf8.count > 1_000_000, "\(result.stderr.utf8.count) bytes")
        let omission = try #require(lines.first { $0.contains("bytes of this run's log left out here") })
        #expect(omission.hasPrefix("stackrun: "), "\(omission)")
        #expect(lines.contains { $0.contains("line 20000 x") } && result.stderr.contains("failed after all that"))
        // Every line printed is whole: a record line, the omission line, or the error's.
        for line in lines where line.contains(" INFO ") { #expect(line.contains(String(repeating: "x", count: 100) + " at="), "\(line)") }
        // What was left out, and what was printed, add up to the whole log.
        let left = Int(omission.split(separator: " ")[1]) ?? 0
        let plain = try stackrun(["run", script])
        #expect(result.stderr.utf8.count - omission.utf8.count - 1 + left == plain.stderr.utf8.count,
                "\(left) left out of \(plain.stderr.utf8.count)")
    }
}
