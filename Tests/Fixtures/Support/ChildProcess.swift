import Glibc

/// A process started by a test (the fixture server, the built `stackrun`), with its stdout and
/// stderr going to files: a test can read them while the process runs, and a chatty child can
/// never block on a full pipe. Its stdin is a pipe held open by us, so that a fixture server
/// that watches it ends with the test process even when a test crashes.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `status` is only set by `wait`, which tests call from one task.
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private var stdinWriteEnd: Int32
    private var status: Int32?
    /// The child's peak resident set in kilobytes (ru_maxrss), known once it has been waited for.
    private(set) var peakResidentKilobytes: Int?

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `arguments[0]` (an absolute path) with `environment` added to ours (or, with
    /// `inheriting` false, that environment alone), in `workingDirectory` when given (else ours).
    init(_ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true, outputIn directory: String,
         workingDirectory: String? = nil) throws {
        // env -C changes directory and execs the program in the same process: Glibc's module
        // does not offer posix_spawn_file_actions_addchdir_np.
        let arguments = workingDirectory.map { ["/usr/bin/env", "-C", $0] + arguments } ?? arguments
        stdoutPath = "\(directory)/stdout-\(UInt32.random(in: 0...UInt32.max))"
        stderrPath = "\(directory)/stderr-\(UInt32.random(in: 0...UInt32.max))"
        // A socket pair rather than a pipe: it can be made close-on-exec atomically, so that
        // no other child started meanwhile inherits our end.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SpawnError(description: "socketpair failed")
        }
        stdinWriteEnd = ends[1]
        defer { close(ends[0]) }
        let out = open(stdoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let err = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(out); close(err) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies.
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        // Nothing else of ours, not even a descriptor someone left inheritable (Foundation's
        // Process does, and CStackrun's sr_spawn_actions_close_from says why that matters).
        // Looked up here, as Swift's Glibc module does not export it, so that every test target
        // can use this file without depending on CStackrun.
        guard let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            close(stdinWriteEnd)
            throw SpawnError(description: "posix_spawn_file_actions_addclosefrom_np is missing: glibc 2.34 or later is needed")
        }
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard unsafeBitCast(closeFrom, to: AddCloseFrom.self)(&actions, 3) == 0 else {
            close(stdinWriteEnd)
            throw SpawnError(description: "cannot prepare the child's descriptors")
        }
        // Our environment from /proc: the `environ` global is off limits in Swift 6 mode.
        var merged: [String: String] = [:]
        for entry in (inheriting ? (try? readFile("/proc/self/environ")) ?? "" : "").split(separator: "\0") {
            if let equals = entry.firstIndex(of: "=") {
                merged[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
        }
        // A stackrun child keeps its tokens and run journals in directories of its own, never
        // in the home of whoever runs the tests.
        let scratch = "\(TestEnvironment.scratch)/sr-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if inheriting {
            merged["XDG_CACHE_HOME"] = scratch + "/cache"
            merged["XDG_STATE_HOME"] = scratch + "/state"
        }
        merged.merge(environment) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The child starts with no signal blocked and the usual actions, whatever the test
        // runner's thread has: the signal tests and `stop()` rely on SIGINT and SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child = pid_t()
        let code = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard code == 0 else {
            close(stdinWriteEnd)
            throw SpawnError(description: "cannot start \(arguments[0]): \(String(cString: strerror(code)))")
        }
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
        closeStandardInput()
    }

    /// Ends the child's stdin: a program reading it sees end of file.
    func closeStandardInput() {
        guard stdinWriteEnd >= 0 else { return }
        close(stdinWriteEnd)
        stdinWriteEnd = -1
    }

    func send(_ signal: Int32) { kill(pid, signal) }

    /// What `wait` and `exitStatus` give for a child that could not be waited for (someone
    /// else reaped it): no exit status is negative, so no expectation passes by mistake.
    static let lost: Int32 = -1

    /// Waits for the exit; the exit code, or 128 + the signal that killed it (as a shell says).
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        var usage = rusage()
        var found: pid_t
        repeat { found = wait4(pid, &raw, 0, &usage) } while found < 0 && errno == EINTR
        peakResidentKilobytes = usage.ru_maxrss
        let result = found == pid ? Self.decode(raw) : Self.lost
        status = result
        return result
    }

    /// The exit status if it has exited, without waiting.
    func exitStatus() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        var usage = rusage()
        let found = wait4(pid, &raw, WNOHANG, &usage)
        if found < 0 && errno != EINTR {
            status = Self.lost
            return status
        }
        guard found == pid else { return nil }
        peakResidentKilobytes = usage.ru_maxrss
        status = Self.decode(raw)
        return status
    }

    // The waits below poll with Task.sleep: a test blocking a thread of the cooperative pool
    // (two threads on a two-core machine) would stall every other test meanwhile.

    /// Waits at most `seconds` for the exit; nil if it is still running then.
    func wait(seconds: Double) async -> Int32? {
        let deadline = Clock.now + seconds
        while Clock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return exitStatus()
    }

    /// Waits until stderr (or `stream`) contains `text`; false after `seconds` or at its exit.
    func waitFor(_ text: String, in stream: KeyPath<ChildProcess, String> = \.stderr, seconds: Double) async -> Bool {
        let deadline = Clock.now + seconds
        while Clock.now < deadline {
            if self[keyPath: stream].contains(text) { return true }
            if exitStatus() != nil { return self[keyPath: stream].contains(text) }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        // One last look: on a loaded machine this task may wake only after the deadline, when
        // the text has long been there.
        return self[keyPath: stream].contains(text)
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }

    var stdout: String { (try? readFile(stdoutPath)) ?? "" }
    var stdoutBytes: [UInt8] { (try? readBytes(stdoutPath)) ?? [] }
    var stderr: String { (try? readFile(stderrPath)) ?? "" }
}

/// Monotonic seconds, for the deadlines of the helpers.
enum Clock {
    static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The whole content of a file as text.
func readFile(_ path: String) throws -> String {
    String(decoding: try readBytes(path), as: UTF8.self)
}

/// The whole content of a file.
func readBytes(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ChildProcess.SpawnError(description: "cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        bytes += buffer[..<count]
    }
    return bytes
}
