internal import Glibc
internal import CStackrun

/// A program run for a script (`exec{...}`), built for an event loop that must never block:
/// its stdout and stderr are non-blocking pipes, its end is a pollable descriptor (pidfd) when
/// the kernel has one, and it is reaped without waiting. Its stdin is /dev/null. It leads a
/// process group of its own, so that stopping it stops what it started too, and a Ctrl-C meant
/// for stackrun reaches stackrun, which then stops it.
///
/// Not thread-safe: the one thread that spawned it (the loop) reads, reaps and closes it.
public final class ChildProcess {
    public let pid: Int32
    public let stdoutDescriptor: Int32
    public let stderrDescriptor: Int32
    /// Readable once the child has ended; -1 when the kernel offers none (poll `reap` then).
    public let exitDescriptor: Int32
    private var reaped = false
    private var closed = false

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Someone else reaped it (a waitpid(-1) elsewhere in the process): it ended, how is lost.
        case lost
    }

    /// What one read of a pipe gave.
    public enum Chunk {
        case bytes([UInt8])
        case wouldBlock
        case endOfFile
    }

    private init(pid: Int32, stdout: Int32, stderr: Int32, exit: Int32) {
        self.pid = pid
        stdoutDescriptor = stdout
        stderrDescriptor = stderr
        exitDescriptor = exit
    }

    deinit { close() }

    /// Starts `executable` (an absolute path: no PATH search here, the caller chose the file)
    /// with `arguments` (argv, argv[0] first) and exactly `environment` ("NAME=value").
    public static func spawn(_ executable: String, arguments: [String], environment: [String]) throws(Failure) -> ChildProcess {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard sr_pipe_cloexec(&output) == 0 else { throw Failure(description: "cannot create pipes: \(errorText(errno))") }
        guard sr_pipe_cloexec(&errors) == 0 else {
            Glibc.close(output[0]); Glibc.close(output[1])
            throw Failure(description: "cannot create pipes: \(errorText(errno))")
        }
        for end in [output[0], errors[0]] { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's 1 and 2; the originals close at exec. Nothing
        // else of ours reaches it, not even a descriptor someone left inheritable (see the shim).
        // A step that cannot be recorded (ENOMEM) fails the spawn rather than leak descriptors.
        let prepared = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) == 0
            && posix_spawn_file_actions_adddup2(&actions, output[1], 1) == 0
            && posix_spawn_file_actions_adddup2(&actions, errors[1], 2) == 0
            && sr_spawn_actions_close_from(&actions, 3) == 0
        guard prepared else {
            for end in output + errors { Glibc.close(end) }
            throw Failure(description: "cannot start \(executable): out of memory preparing its descriptors")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // No signal blocked and the usual dispositions, whatever this process blocks or ignores.
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        Glibc.close(output[1])
        Glibc.close(errors[1])
        guard status == 0 else {
            Glibc.close(output[0])
            Glibc.close(errors[0])
            throw Failure(description: "cannot start \(executable): \(errorText(status))")
        }
        return ChildProcess(pid: pid, stdout: output[0], stderr: errors[0], exit: sr_pidfd_open(pid))
    }

    /// What the pipe has now, up to 64 KiB, without waiting.
    public func read(_ descriptor: Int32) -> Chunk {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { return .bytes(Array(buffer[..<count])) }
            if count == 0 { return .endOfFile }
            if errno == EINTR { continue }
            // EAGAIN is the usual answer; any other error ends the stream like end of file.
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .endOfFile
        }
    }

    /// How the child ended, reaping it; nil while it still runs (never waits).
    public func reap() -> Termination? {
        guard !reaped else { return nil }
        var status: Int32 = 0
        var found: pid_t
        repeat { found = waitpid(pid, &status, WNOHANG) } while found < 0 && errno == EINTR
        if found < 0 && errno == ECHILD {
            reaped = true
            return .lost
        }
        guard found == pid else { return nil }
        reaped = true
        // The <sys/wait.h> macros, which Swift does not import: low 7 bits the signal, next 8 the code.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Sends `signal` to the child's whole process group; nothing once it has been reaped (its
    /// pid may already belong to another process).
    public func signalGroup(_ signal: Int32) {
        guard !reaped else { return }
        _ = kill(-pid, signal)
    }

    /// Closes this side's descriptors. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(stdoutDescriptor)
        Glibc.close(stderrDescriptor)
        if exitDescriptor >= 0 { Glibc.close(exitDescriptor) }
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
