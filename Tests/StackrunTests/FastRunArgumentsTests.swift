import ArgumentParser
import Foundation
@testable import stackrun
import Testing

/// The hand-written reader of `stackrun run`'s command line (FastRunArguments) against
/// swift-argument-parser's: whatever the reader returns, argument-parser must have made the
/// same `Run` of, property by property; everything else the reader must leave to it (nil).
@Suite("stackrun run's fast argument path")
struct FastRunArgumentsTests {
    /// What the two parsers made of one command line.
    enum Outcome: Equatable {
        case declined, taken
        case differs(String)
    }

    /// Both parsers over one command line (the words after `stackrun run`).
    private static func compare(_ words: [String]) -> Outcome {
        guard let fast = FastRunArguments.parse(["stackrun", "run"] + words) else { return .declined }
        guard let slow = (try? Stackrun.parseAsRoot(["run"] + words)) as? Run else {
            return .differs("the fast path accepted what argument-parser refuses: \(words)")
        }
        let (fastDump, slowDump) = (String(describing: fast), String(describing: slow))
        if fastDump != slowDump { return .differs("\(words): fast \(fastDump), argument-parser \(slowDump)") }
        if fastDump.contains("*definition*") { return .differs("a property the fast path left unset: \(fastDump)") }
        return .taken
    }

    /// compare() over many lines on a thread of its own: argument-parser takes ~65 ms a line in
    /// a debug build, and the cooperative pool's few threads must stay free for the suite's
    /// async tests, which wait for servers to start against wall-clock deadlines.
    private static func compareAll(_ lines: [[String]]) async -> [Outcome] {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: lines.map(compare)) }
        }
    }

    /// Expects no line to differ; returns how many the fast path took.
    private static func expectAgreement(_ lines: [[String]]) async -> Int {
        let outcomes = await compareAll(lines)
        for case .differs(let difference) in outcomes { Issue.record(Comment(rawValue: difference)) }
        return outcomes.filter { $0 == .taken }.count
    }

    @Test("its option table names every long option and flag of run, with its kind, as argument-parser sees them")
    func tableMatchesArgumentParser() throws {
        let dump = try #require(JSONSerialization.jsonObject(with: Data(Run._dumpHelp().utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var declared: [String: FastRunOption.Kind] = [:]
        for argument in arguments {
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let kind: FastRunOption.Kind
            switch argument["kind"] as? String {
            case "flag": kind = .flag
            case "option": kind = argument["isRepeating"] as? Bool == true ? .repeating : .option
            default: continue  // the script and its arguments
            }
            // A short name would need the fast path to read short options: it must learn them first.
            let shorts = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String != "long" }
            for name in names where !["help", "h", "version"].contains(name) {
                #expect(shorts.isEmpty || ["help", "version"].contains(name), "--\(name) has a short name")
                declared[name] = kind
            }
        }
        #expect(declared.count == 38)
        let table = FastRunOptionTable.options.mapValues(\.kind)
        #expect(Set(table.keys) == Set(declared.keys))
        for (name, kind) in declared { #expect(table[name] == kind, "--\(name)") }
    }

    @Test("every option alone, with its value after it and after =, parses as argument-parser parses it")
    func eachOption() async {
        var lines: [[String]] = []
        for name in FastRunOptionTable.options.keys.sorted() {
            for value in Self.values(for: name) {
                if FastRunOptionTable.options[name]?.kind == .flag {
                    lines += [["--\(name)", "s.lua"], ["--\(name)=\(value)", "s.lua"]]
                } else {
                    lines += [["--\(name)", value, "s.lua", "x"], ["--\(name)=\(value)", "s.lua"]]
                }
            }
        }
        // Most values are good ones: the fast path must take them, or this test proves nothing.
        #expect(await Self.expectAgreement(lines) > 150)
    }

    @Test("edge cases: --, dashes, help and version, the script's own options, repeats, a missing script")
    func edgeCases() async {
        let taken: [[String]] = [
            ["s.lua"], ["s.lua", "--help"], ["s.lua", "--version"], ["s.lua", "-h"], ["s.lua", "--", "x"],
            ["s.lua", "-abc", "-5"], ["s.lua", "--timeout", "3"], ["network-stack", "--param", "name=web", "--params-file", "p.yaml"],
            ["--allow-read", "a", "--allow-read=b,c", "s.lua"], ["--journal", "", "s.lua"], ["s.lua", "-"], ["help"], ["run"],
            ["s.lua", "x", "--", "---y"], ["--quiet", "--log-format", "json", "--timeout=1e3", "s.lua", "--quiet"],
        ]
        let outcomes = await Self.compareAll(taken)
        for (words, outcome) in zip(taken, outcomes) { #expect(outcome == .taken, "\(words) should take the fast path") }
        let leftToArgumentParser: [[String]] = [
            [], ["--help"], ["-h"], ["--version"], ["--timeout", "3"], ["--", "s.lua"], ["-q", "s.lua"], ["--bogus", "s.lua"],
            ["s.lua", "---x"], ["s.lua", "-x.y"], ["s.lua", "--generate-completion-script", "bash"], ["--timeout", "-1", "s.lua"],
            ["--timeout", "1", "--timeout", "2", "s.lua"], ["--quiet", "--quiet", "s.lua"], ["--quiet=true", "s.lua"],
            ["--journal", "j", "--no-journal", "s.lua"], ["--wait-lock", "3", "s.lua"], ["--output", "yaml", "s.lua"],
            ["--memory-limit", "1MiB", "s.lua"], ["--ping", "ftp://x", "s.lua"], ["--allow-read=", "s.lua"], ["-", "x"], [""],
            ["--timeout"], ["--timeout", "--quiet", "s.lua"], ["--max-runtime", "5", "--timeout", "6", "s.lua"], ["--journal=", "s.lua"], ["--os-cloud=", "x", "s.lua"],
        ]
        for words in leftToArgumentParser {
            #expect(FastRunArguments.parse(["stackrun", "run"] + words) == nil, "\(words) should be left to argument-parser")
        }
    }

    @Test("seeded random command lines: the fast path either declines or agrees with argument-parser")
    func randomCommandLines() async {
        var random = SeededRandom(seed: 12)
        let names = FastRunOptionTable.options.keys.sorted()
        let strays = ["--", "-h", "--help", "--version", "-q", "--bogus", "---x", "-", "-abc", "-x.y", "--generate-completion-script"]
        let scripts = ["s.lua", "network-stack", "help", "./dir/x.lua", "", "-"]
        var lines: [[String]] = []
        for _ in 0..<Self.randomLines {
            var words: [String] = []
            for _ in 0..<random.below(6) {
                if random.below(12) == 0 { words.append(strays[random.below(strays.count)]); continue }
                let name = names[random.below(names.count)]
                let values = Self.values(for: name)
                let value = values[random.below(min(values.count, random.below(3) == 0 ? values.count : 2))]
                if FastRunOptionTable.options[name]?.kind == .flag {
                    words.append(random.below(10) == 0 ? "--\(name)=\(value)" : "--\(name)")
                } else if random.below(2) == 0 {
                    words.append("--\(name)=\(value)")
                } else {
                    words += ["--\(name)", value]
                }
            }
            if random.below(10) != 0 { words.append(scripts[random.below(random.below(2) == 0 ? 2 : scripts.count)]) }
            for _ in 0..<random.below(4) {
                words.append(random.below(3) == 0 ? strays[random.below(strays.count)] : ["a", "--timeout", "5", "--param", "k=v"][random.below(5)])
            }
            lines.append(words)
        }
        #expect(await Self.expectAgreement(lines) > Self.randomLines / 5)
    }

    @Test("a run on the fast path: options before the script, everything after it the script's, arg[-n] as lua.c sets them")
    func runOnTheFastPath() throws {
        let script = try temporaryScript("return {args = {...}, before = arg[-1], first = arg[-5]}")
        defer { removeScratch((script as NSString).deletingLastPathComponent) }
        let result = try stackrun(["run", "--no-history", "--timeout=30", "--allow-env", "FOO", "--output", "json",
                                   script, "a", "--timeout", "3", "--", "-b"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\n  \"args\": [\n    \"a\",\n    \"--timeout\",\n    \"3\",\n    \"--\",\n    \"-b\"\n  ],\n  \"before\": \"json\",\n  \"first\": \"--timeout=30\"\n}\n")
    }

    @Test("what the fast path leaves to argument-parser ends as before: a validation error exits 2 with its message")
    func validationErrorsStayArgumentParsers() throws {
        let script = try temporaryScript("return 1")
        defer { removeScratch((script as NSString).deletingLastPathComponent) }
        let result = try stackrun(["run", "--wait-lock", "3", script])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: --wait-lock needs --lock\nUsage: stackrun run"))
        #expect(result.stdout.isEmpty)
    }

    static let randomLines = 300

    /// Values for an option: good ones first, then ones its conversion or validation refuses.
    static func values(for name: String) -> [String] {
        switch name {
        case "timeout", "max-runtime", "grace", "rollback-timeout", "cpu-limit", "wait-lock", "jitter":
            ["5", "0.5", "1e3", "0", "-1", "nan", "inf", "abc", "", "0x10"]
        case "retries", "max-concurrency", "keep", "debug-body-limit":
            ["3", "1", "0", "21", "-1", "x", "+5", "07", ""]
        case "output": ["text", "json", "JSON", "yaml"]
        case "log-level": ["debug", "warn", "trace", "error", "loud"]
        case "log-format": ["json", "text", "xml"]
        case "memory-limit": ["64M", "1G", "0", "1048576", "1MiB", "512", "k"]
        case "ping": ["https://hc-ping.com/abc", "http://h:1/p", "ftp://x", "https://h/p?q"]
        case "lock", "metrics-file", "journal", "os-cloud": ["/tmp/x.lock", "name", "a=b", ""]
        case "allow-read", "allow-write", "allow-exec": [".", "/tmp,/var", "", "a,,b"]
        case "allow-env", "allow-net": ["OS_*", "example.com:443", "HOME,PATH", ""]
        default: ["true", "x"]  // flags: only used after =, which argument-parser refuses
        }
    }
}

/// SplitMix64: the same command lines on every run.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
