import Foundation
import Testing

/// Runs the built `stackrun` binary (next to the test bundle) and captures what it prints.
struct Invocation {
    var status: Int32
    var stdout: String
    var stderr: String
    /// stdout as it came, for output that is not UTF-8.
    var stdoutBytes: [UInt8] = []
}

/// Runs `stackrun` with `arguments` to its end. Started with posix_spawn (ChildProcess), never
/// with Foundation's Process: Process.run lists /proc/self/fd with a read past its buffer (the
/// address sanitizer caught it in Foundation's findMaximumOpenFromProcSelfFD), and learns that
/// its child ended from a socket that any child spawned meanwhile may inherit. The output goes
/// to files, so a chatty child never blocks on a full pipe.
func stackrun(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Invocation {
    let output = "\(TestEnvironment.scratch)/sr-output-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    // Kept when the test command searches everything the suite wrote (TestEnvironment.keepsFiles).
    defer { removeScratch(output) }
    // Runs keep tokens in the XDG cache and journals in the XDG state directory: ChildProcess
    // gives each child its own unless the test passes one, so that tests never write to the
    // real home nor reuse each other's tokens.
    let child = try ChildProcess([stackrunBinary] + arguments, environment: environment, outputIn: output, workingDirectory: directory)
    child.closeStandardInput()
    let status = child.wait()
    return Invocation(status: status, stdout: child.stdout, stderr: child.stderr, stdoutBytes: child.stdoutBytes)
}

/// The built `stackrun`, next to the test bundle.
var stackrunBinary: String { buildDirectory.appendingPathComponent("stackrun").path }

/// `stackrun(...)` for async tests: the child is waited for on a thread of its own, so that the
/// blocking wait does not hold one of the few threads Swift concurrency runs tasks on (an
/// emulator served from this process needs them to answer the child).
func stackrunDetached(_ arguments: [String], environment: [String: String] = [:]) async throws -> Invocation {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try stackrun(arguments, environment: environment) })
        }
    }
}

/// The directory holding the test bundle and the products built with it.
let buildDirectory: URL = {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("stackrun").path),
          directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory
}()

/// Removes a test's files, unless the run keeps them to search them (TestEnvironment).
func removeScratch(_ path: String) {
    guard !TestEnvironment.keepsFiles else { return }
    try? FileManager.default.removeItem(atPath: path)
}

/// Writes `source` to a temporary .lua file and returns its path.
func temporaryScript(_ source: String, name: String = "script.lua") throws -> String {
    // Short: Lua shortens chunk names over 60 characters in its messages.
    let directory = URL(fileURLWithPath: "\(TestEnvironment.scratch)/sr-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try source.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("stackrun command line")
struct CommandLineTests {
    @Test("run prints returned values as JSON and passes arguments as lua.c does")
    func runPrintsJSON() throws {
        let script = try temporaryScript("return {args = {...}, first = arg[1], zero = arg[0] ~= nil, before = arg[-1]}")
        let result = try stackrun(["run", script, "a", "b"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\n  \"args\": [\n    \"a\",\n    \"b\"\n  ],\n  \"before\": \"run\",\n  \"first\": \"a\",\n  \"zero\": true\n}\n")
    }

    @Test("--output text prints strings as they are")
    func textOutput() throws {
        let script = try temporaryScript("return 'plain text', {n = 1}")
        let result = try stackrun(["run", "--output", "text", script])
        #expect(result.stdout == "plain text\n{\n  \"n\": 1\n}\n")
    }

    @Test("a string that is not UTF-8: its bytes with --output text, exit 1 as JSON")
    func resultsThatAreNotUTF8() throws {
        let script = try temporaryScript(#"return "a\xffb""#)
        let text = try stackrun(["run", "--output", "text", script])
        #expect(text.status == 0)
        #expect(text.stdoutBytes == [0x61, 0xFF, 0x62, 0x0A])
        let json = try stackrun(["run", script])
        #expect(json.status == 1, "a result that could not be printed is not a success")
        #expect(json.stdout.isEmpty)
        #expect(json.stderr.contains("cannot print a result: cannot encode a string that is not valid UTF-8"))
    }

    @Test("nothing is printed when nothing is returned")
    func nothingReturned() throws {
        let result = try stackrun(["run", try temporaryScript("local x = 1")])
        #expect(result.status == 0 && result.stdout.isEmpty)
    }

    @Test("a script error exits 1 with file:line and a traceback on stderr")
    func scriptError() throws {
        let script = try temporaryScript("local t = {}\nreturn t.x.y")
        let result = try stackrun(["run", script])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(script):2: attempt to index a nil value (field 'x')\nstack traceback:"))
        #expect(result.stdout.isEmpty)
    }

    @Test("usage errors exit 2", arguments: [
        ["run", "--bogus", "x.lua"], ["run"], ["run", "/nonexistent/script.lua"], ["nosuchcommand"],
        ["run", "--timeout", "-1", "x.lua"], ["run", "--grace", "-1", "x.lua"], ["check"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try stackrun(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("check reports each syntax error as file:line: message and exits 1")
    func check() throws {
        let good = try temporaryScript("return 1", name: "good.lua")
        let bad = try temporaryScript("local x = = 2", name: "bad.lua")
        let result = try stackrun(["check", good, bad])
        #expect(result.status == 1)
        #expect(result.stdout == "\(bad):1: unexpected symbol near '='\n")
        #expect(try stackrun(["check", good]).status == 0)
    }

    @Test("--help lists the subcommands with an example each and the exit codes")
    func help() throws {
        let result = try stackrun(["--help"])
        #expect(result.status == 0)
        for expected in ["stackrun run deploy.lua", "stackrun check", "stackrun emulator", "stackrun version",
                         "124", "130", "143", "152", "out of memory", "cpu-limit"] {
            #expect(result.stdout.contains(expected), "missing \(expected)")
        }
        // `help SUBCOMMAND`: `emulator --help` is the emulator's own (tested below).
        for subcommand in ["run", "check", "emulator", "version"] {
            let sub = try stackrun(["help", subcommand])
            #expect(sub.status == 0 && sub.stdout.contains("Example"), "\(subcommand)")
        }
        #expect(try stackrun(["help", "run"]).stdout.contains("--grace"))
    }

    @Test("emulator --help is the emulator's own, with its options")
    func emulatorHelp() throws {
        let result = try stackrun(["emulator", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--build-seconds") && result.stdout.contains("--token-ttl"), "\(result.stdout)")
    }

    @Test("version names stackrun, Lua and libcurl")
    func version() throws {
        let result = try stackrun(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("stackrun 0.") && result.stdout.contains("Lua 5.4") && result.stdout.contains("libcurl/"))
    }

    @Test("log records go to stderr as text or JSON, filtered by level, secrets redacted")
    func logging() throws {
        let script = try temporaryScript("""
            log.debug('hidden'); log.info('shown', {n = 2, password = 'hunter2'}); log.warn('careful')
            """)
        let text = try stackrun(["run", script])
        #expect(!text.stderr.contains("hidden") && text.stderr.contains("INFO shown") && text.stderr.contains("WARNING careful"))
        #expect(!text.stderr.contains("hunter2") && text.stderr.contains("password=***"))
        let json = try stackrun(["run", "--log-format", "json", "--log-level", "debug", script])
        let lines = json.stderr.split(separator: "\n")
        #expect(lines.count == 4, "three records and the summary")
        let record = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(record?["message"] as? String == "shown")
        #expect(record?["level"] as? String == "info")
        #expect(record?["n"] as? Int == 2)
        #expect(record?["password"] as? String == "***")
        #expect((record?["at"] as? String)?.hasSuffix("script.lua:1") == true)
    }
}
