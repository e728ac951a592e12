import Glibc
import JSONValue
import Runtime
import Testing
import Transport

/// `exec{...}`: real programs, granted by name or path, run without a shell and without blocking
/// the event loop, their output bounded, their exit status returned, killed with their process
/// group on timeout or cancellation.
@Suite(.exclusive) struct ExecTests {
    @Test("without a grant nothing runs: a refusal naming --allow-exec")
    @LoopActor func refusedWithoutAGrant() async throws {
        let scratch = try TemporaryDirectory("exec")
        defer { scratch.remove() }
        let marker = scratch.file("ran")
        let report = try await runLua("""
            local ok, e = pcall(exec, {"touch", \(lua(marker))})
            return {ok, e.kind, e.capability, e.flag}
            """, permissions: Permissions(exec: ["echo"]))
        #expect(report.value == [false, "permission_denied", "exec", "--allow-exec=touch"], "\(report.problems)")
        #expect(access(marker, F_OK) != 0, "the program never ran")
    }

    @Test("argv only: no shell expands, splits or runs anything; the exit status, stdout and stderr come back")
    @LoopActor func argumentsAndStatus() async throws {
        let report = try await runLua("""
            local plain = exec{"echo", "$HOME; touch x", "*"}
            local failing = exec{"sh", "-c", "echo out; echo err >&2; exit 3"}
            local killed = exec{"sh", "-c", "kill -9 $$"}
            return {plain.stdout, plain.status, plain.ok, failing.status, failing.ok, failing.stdout, failing.stderr,
                    killed.signal, killed.status == nil}
            """, permissions: Permissions(exec: ["/bin/echo", "sh"]))
        #expect(report.value == ["$HOME; touch x *\n", 0, true, 3, false, "out\n", "err\n", 9, true], "\(report.problems)")
    }

    @Test("output past max_output is read and dropped, and said so")
    @LoopActor func outputIsBounded() async throws {
        let report = try await runLua("""
            local r = exec{"head", "-c", "3000000", "/dev/zero", max_output = 1000}
            return {#r.stdout, r.truncated, r.status}
            """, permissions: Permissions(exec: ["head"]))
        #expect(report.value == [1000, true, 0], "\(report.problems)")
    }

    @Test("other tasks run while a program does")
    @LoopActor func theLoopIsNotBlocked() async throws {
        let report = try await runLua("""
            local done, ticks = false, 0
            parallel(function() exec{"sleep", "0.5"}; done = true end,
                     function() while not done do sleep(0.01); ticks = ticks + 1 end end)
            return ticks
            """, permissions: Permissions(exec: ["sleep"]))
        #expect((report.value.intValue ?? 0) >= 10, "ticks while the program ran: \(report.value) \(report.problems)")
    }

    @Test("past its timeout the program and what it started are killed, and the call raises timeout")
    @LoopActor func timeoutKillsTheGroup() async throws {
        let scratch = try TemporaryDirectory("exec")
        defer { scratch.remove() }
        let start = Clock.now
        let report = try await runLua("""
            local ok, e = pcall(exec, {"sh", "-c", "sleep 30 & echo $! > \(scratch.file("pid")); wait", timeout = 0.5})
            return {ok, e.kind}
            """, permissions: Permissions(exec: ["sh"]))
        #expect(report.value == [false, "timeout"], "\(report.problems)")
        #expect(Clock.now - start < 10)
        let pid = try #require(Int32(try readFile(scratch.file("pid")).filter(\.isNumber)))
        #expect(await processEnds(pid), "the background sleep was killed with its group")
    }

    @Test("cancelling the task kills the program")
    @LoopActor func cancellationKills() async throws {
        let scratch = try TemporaryDirectory("exec")
        defer { scratch.remove() }
        let pidFile = scratch.file("pid")
        let report = try await runLua("""
            local worker = spawn(function() exec{"sh", "-c", "echo $$ > \(pidFile); exec sleep 30"} end)
            while not fs.exists(\(lua(pidFile))) do sleep(0.01) end
            worker:cancel()
            local ok, e = pcall(worker.wait, worker)
            return err.cancelled(e)
            """, permissions: Permissions(read: [scratch.path], exec: ["sh"]))
        #expect(report.value == true, "\(report.problems)")
        let pid = try #require(Int32(try readFile(pidFile).filter(\.isNumber)))
        #expect(await processEnds(pid))
    }

    @Test("the program gets the environment without its secrets")
    @LoopActor func secretsAreNotPassedOn() async throws {
        setenv("STACKRUN_EXEC_TEST_TOKEN", "tok-not-for-children", 1)
        setenv("STACKRUN_EXEC_TEST_VISIBLE", "yes", 1)
        let report = try await runLua("""
            return exec{"sh", "-c", "echo ${STACKRUN_EXEC_TEST_TOKEN-unset} ${STACKRUN_EXEC_TEST_VISIBLE-unset}"}.stdout
            """, permissions: Permissions(exec: ["sh"]))
        #expect(report.value == "unset yes\n", "\(report.problems)")
    }

    @Test("--allow-all runs any program; one that does not exist raises kind exec")
    @LoopActor func allowAll() async throws {
        let report = try await runLua("""
            local ok, e = pcall(exec, {"stackrun-no-such-program"})
            return {exec{"true"}.ok, e.kind}
            """, permissions: .allowAll)
        #expect(report.value == [true, "exec"], "\(report.problems)")
    }
}

/// Whether process `pid` is gone or a zombie (killed, waiting for a parent to reap it) within 5 s.
func processEnds(_ pid: Int32) async -> Bool {
    for _ in 0..<250 {
        guard let stat = try? readFile("/proc/\(pid)/stat"), !stat.isEmpty else { return true }
        // "pid (comm) S ...": the state follows the command name's closing parenthesis.
        if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return false
}
