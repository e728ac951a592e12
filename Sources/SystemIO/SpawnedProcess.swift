internal import Glibc
internal import CStackrun

/// A child process with pipes on its stdin and stdout (stderr is inherited): spawned with
/// posix_spawnp, read a line at a time with a deadline, stopped with a signal and reaped.
/// The pipes' ends kept here are close-on-exec, so other children never inherit them.
public final class SpawnedProcess: Sendable {
    public let pid: Int32
    /// The write end of the child's stdin; closing it gives the child end of file.
    public let stdinWriteEnd: Int32
    /// The read end of the child's stdout.
    public let stdoutReadEnd: Int32

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    private init(pid: Int32, stdinWriteEnd: Int32, stdoutReadEnd: Int32) {
        self.pid = pid
        self.stdinWriteEnd = stdinWriteEnd
        self.stdoutReadEnd = stdoutReadEnd
    }

    /// Starts `arguments[0]` (looked up on PATH when it has no slash) with `arguments`.
    public static func spawn(_ arguments: [String]) throws(Failure) -> SpawnedProcess {
        precondition(!arguments.isEmpty, "a process needs a program")
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard sr_pipe_cloexec(&input) == 0 else { throw Failure(description: "cannot create pipes: \(errorText(errno))") }
        guard sr_pipe_cloexec(&output) == 0 else {
            close(input[0]); close(input[1])
            throw Failure(description: "cannot create pipes: \(errorText(errno))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's 0 and 1; the originals close at exec. Nothing
        // else of ours reaches it, not even a descriptor someone left inheritable (see the shim).
        // A step that cannot be recorded (ENOMEM) fails the spawn rather than leak descriptors.
        let prepared = posix_spawn_file_actions_adddup2(&actions, input[0], 0) == 0
            && posix_spawn_file_actions_adddup2(&actions, output[1], 1) == 0
            && sr_spawn_actions_close_from(&actions, 3) == 0
        guard prepared else {
            for end in input + output { close(end) }
            throw Failure(description: "cannot start \(arguments[0]): out of memory preparing its descriptors")
        }
        // The child starts with no signal blocked and the usual dispositions, whatever this
        // process blocks or ignores for its own signal handling (posix_spawn would pass both on).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            throw Failure(description: "cannot start \(arguments[0]): \(errorText(status))")
        }
        return SpawnedProcess(pid: pid, stdinWriteEnd: input[1], stdoutReadEnd: output[0])
    }

    /// The next line the child writes on stdout, without its newline; nil at end of file, past
    /// `seconds`, or after `maximumLength` bytes without a newline. Reads byte by byte so that
    /// nothing after the line is consumed (the caller may leave the rest unread).
    public func readLine(timeoutSeconds seconds: Double, maximumLength: Int = 4096) -> String? {
        let deadline = Self.nowMilliseconds() + Int64(seconds * 1000)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < maximumLength {
            let left = deadline - Self.nowMilliseconds()
            guard left > 0 else { return nil }
            var poller = pollfd(fd: stdoutReadEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, Int64(Int32.max))))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let count = read(stdoutReadEnd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return nil }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// Sends `signal` (SIGTERM when nil). Only before `wait` has reaped the child: after, its pid
    /// may already belong to another process.
    public func kill(_ signal: Int32? = nil) {
        _ = Glibc.kill(pid, signal ?? SIGTERM)
    }

    /// Waits for the child to exit and reaps it; its exit status as `waitpid` reports it, or
    /// nil when it was already reaped.
    @discardableResult
    public func wait() -> Int32? {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return nil }
        }
        return status
    }

    /// Closes this side's pipe ends (the child sees end of file on stdin). Call once.
    public func closePipes() {
        close(stdinWriteEnd)
        close(stdoutReadEnd)
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    private static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
