internal import Glibc

extension EventLoop {
    /// Calls `handler` on the loop whenever `descriptor` is readable, at end of file or in error,
    /// until `unwatch`: how a child process's pipes and exit are awaited without blocking the
    /// loop. The handler runs while the loop delivers completions, so it must only read what is
    /// there (without blocking) and queue work; and at end of file it must unwatch, or it would
    /// be called again at once.
    @LoopActor
    public func watch(readable descriptor: Int32, _ handler: @escaping @LoopActor () -> Void) {
        core.watches[descriptor] = handler
    }

    @LoopActor
    public func unwatch(_ descriptor: Int32) {
        core.watches[descriptor] = nil
    }

    /// Descriptors watched now.
    @LoopActor
    public var watchedDescriptors: Int { core.watches.count }
}

extension LoopCore {
    /// Which watched descriptors are ready, asked of poll itself: curl_multi_poll wakes up for a
    /// pipe at end of file but reports only POLLIN, POLLOUT and POLLPRI in `revents`, and a pipe
    /// whose writer has gone shows POLLHUP alone.
    func readyWatchedDescriptors() -> [Int32] {
        var descriptors = watches.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var count: Int32
        repeat { count = Glibc.poll(&descriptors, nfds_t(descriptors.count), 0) } while count < 0 && errno == EINTR
        guard count > 0 else { return [] }
        return descriptors.filter { $0.revents != 0 }.map(\.fd)
    }

    /// Runs the handlers of the descriptors the last poll found ready (those still watched).
    func serviceWatches() {
        guard !readyWatches.isEmpty else { return }
        let ready = readyWatches
        readyWatches = []
        for descriptor in ready { watches[descriptor]?() }
    }
}
