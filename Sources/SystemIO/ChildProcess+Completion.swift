internal import Glibc

extension ChildProcess {
    /// What a program run to its end printed, and how it ended.
    public struct Completion: Sendable {
        public var termination: Termination
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]
        /// It ran past the timeout and was killed, with its process group.
        public var timedOut = false

        public var succeeded: Bool { termination == .exited(0) }
        public var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
        public var errorText: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// Runs `executable` to its end, blocking this thread: for the command line's own helpers
    /// (`recipe install` running git), never for the event loop. Each stream is kept up to
    /// `limit` bytes, the rest read and dropped, so that a chatty program cannot fill memory.
    public static func run(_ executable: String, arguments: [String], environment: [String],
                           limit: Int = 1 << 20, timeoutSeconds: Double = .infinity) throws(Failure) -> Completion {
        let child = try spawn(executable, arguments: arguments, environment: environment)
        let deadline = timeoutSeconds.isFinite ? monotonicSeconds() + timeoutSeconds : .infinity
        var timedOut = false
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open: Set<Int32> = [child.stdoutDescriptor, child.stderrDescriptor]
        while !open.isEmpty {
            if !timedOut, monotonicSeconds() > deadline {
                timedOut = true
                child.signalGroup(SIGKILL)   // its pipes then close, ending this loop
            }
            var watched = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&watched, nfds_t(watched.count), 1000) >= 0 || errno == EINTR else { break }
            for descriptor in open {
                switch child.read(descriptor) {
                case .bytes(let bytes):
                    if descriptor == child.stdoutDescriptor {
                        output += bytes.prefix(max(0, limit - output.count))
                    } else {
                        errors += bytes.prefix(max(0, limit - errors.count))
                    }
                case .endOfFile: open.remove(descriptor)
                case .wouldBlock: break
                }
            }
        }
        var termination = child.reap()
        while termination == nil {
            var watched = [pollfd(fd: child.exitDescriptor, events: Int16(POLLIN), revents: 0)]
            if child.exitDescriptor >= 0 { _ = poll(&watched, 1, 1000) } else { usleep(10_000) }
            termination = child.reap()
        }
        child.close()
        return Completion(termination: termination ?? .lost, standardOutput: output, standardError: errors, timedOut: timedOut)
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
