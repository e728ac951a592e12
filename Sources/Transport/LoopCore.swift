internal import CCurl
internal import CStackrun
internal import Glibc

/// The loop thread's own state: the curl multi handle, the timers, the transfers in flight and
/// the signal pipe. Only `wake` may be called from other threads.
///
/// The multi handle is made with the first transfer: libcurl is loaded on first use
/// (curl_loader.c), and a run that makes no request never loads it. Until then the loop sleeps
/// in poll(2) on the same descriptors, and `wake` uses a pipe of the loop's own either way.
@LoopActor
final class LoopCore {
    private var multiHandle: UnsafeMutableRawPointer?
    var timers = TimerQueue<@LoopActor () -> Void>()
    var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
    var easyPool: [UnsafeMutableRawPointer] = []
    var insecureHostsWarned: Set<String> = []
    let signals = SignalPipe()
    /// Written by `wake` from any thread; the loop polls its read end with everything else.
    private nonisolated let wakeRead: Int32
    private nonisolated let wakeWrite: Int32
    /// Descriptors the loop polls with its sockets (a child process's pipes), with what to do
    /// when one is ready (EventLoop+Descriptors.swift).
    var watches: [Int32: @LoopActor () -> Void] = [:]
    /// The watched descriptors the last poll found ready, handled by the next `service`.
    var readyWatches: [Int32] = []

    nonisolated init() {
        (wakeRead, wakeWrite) = makeWakePipe("the event loop's wake-up pipe")
    }

    /// The multi handle, made (and libcurl loaded) the first time a transfer needs it.
    var multi: UnsafeMutableRawPointer {
        if let multiHandle { return multiHandle }
        guard let made = sr_curl_multi_init() else { fatalError("curl_multi_init failed") }
        // HTTP/2 multiplexing where the server offers it; HTTP/1.1 keep-alive otherwise.
        _ = sr_multi_setopt_long(made, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = sr_multi_setopt_long(made, CURLMOPT_MAXCONNECTS, connectionCacheSize)
        multiHandle = made
        return made
    }

    // The size of curl's connection cache, which counts connections in use as well as idle
    // ones; past it, each connection that comes back closes the oldest idle one, often itself.
    // curl's default is 4 per easy handle in the multi handle *now*, so as a burst of parallel
    // requests drained, the cache shrank and closed the connections the next burst needed.
    // A fixed size fails the other way (above it, most requests connect anew). So it follows
    // the most transfers ever in flight, and never shrinks.
    nonisolated static let minimumConnectionCache = 128
    private var connectionCacheSize = LoopCore.minimumConnectionCache

    func fitConnectionCache() {
        let wanted = 2 * transfers.count
        guard wanted > connectionCacheSize else { return }
        connectionCacheSize = wanted
        _ = sr_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, wanted)
    }

    /// One byte in the wake-up pipe; a full pipe already holds a pending wake-up.
    nonisolated func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func drainWakeups() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    /// True while `service` fires timers and delivers transfer completions: what they call must
    /// only queue work for the loop (the scheduler's wake rule), and tests check that it does.
    private(set) var deliveringCompletions = false

    /// Fires due timers and moves transfers forward, completing the finished ones.
    func service() {
        deliveringCompletions = true
        defer { deliveringCompletions = false }
        for fire in timers.popDue(now: monotonicNanoseconds()) { fire() }
        serviceWatches()
        guard !transfers.isEmpty else { return }
        var running: Int32 = 0
        sr_curl_multi_perform(multi, &running)
        var queued: Int32 = 0
        while let message = sr_curl_multi_info_read(multi, &queued) {
            guard sr_msg_is_done(message) != 0, let easy = sr_msg_easy(message) else { continue }
            let code = sr_msg_result(message)
            sr_curl_multi_remove_handle(multi, easy)
            guard let transfer = transfers.removeValue(forKey: easy) else { continue }
            let outcome = transfer.outcome(curlCode: code)
            returnEasyHandle(easy)
            if let outcome { transfer.completion(outcome) }
        }
    }

    /// Sleeps until a socket is ready, the next timer is due, a signal arrives or `wake` is called.
    func poll() {
        var timeout: Int32 = 60_000
        if let deadline = timers.nextDeadline() {
            let now = monotonicNanoseconds()
            let wait = deadline > now ? (deadline - now + 999_999) / 1_000_000 : 0
            timeout = Int32(min(UInt64(timeout), wait))
        }
        var extra = [curl_waitfd(fd: signals.readEnd, events: Int16(CURL_WAIT_POLLIN), revents: 0),
                     curl_waitfd(fd: wakeRead, events: Int16(CURL_WAIT_POLLIN), revents: 0)]
        for descriptor in watches.keys { extra.append(curl_waitfd(fd: descriptor, events: Int16(CURL_WAIT_POLLIN), revents: 0)) }
        if let multiHandle {
            sr_curl_multi_poll(multiHandle, &extra, UInt32(extra.count), timeout, nil)
        } else {
            pollWithoutCurl(&extra, timeout: timeout)
        }
        if extra[1].revents != 0 { drainWakeups() }
        if extra[0].revents != 0 { signals.dispatch() }
        if !watches.isEmpty { readyWatches = readyWatchedDescriptors() }
    }

    /// Before the first transfer: poll(2) on the same descriptors, filling in `revents` as
    /// curl_multi_poll does.
    private func pollWithoutCurl(_ extra: inout [curl_waitfd], timeout: Int32) {
        var descriptors = extra.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        guard Glibc.poll(&descriptors, nfds_t(descriptors.count), timeout) > 0 else { return }
        for index in extra.indices where descriptors[index].revents != 0 {
            extra[index].revents = Int16(CURL_WAIT_POLLIN)
        }
    }

    // MARK: Easy handles, pooled (a reset handle keeps nothing but its allocation)

    func takeEasyHandle() -> UnsafeMutableRawPointer {
        if let easy = easyPool.popLast() { return easy }
        guard let easy = sr_curl_easy_init() else { fatalError("curl_easy_init failed") }
        return easy
    }

    func returnEasyHandle(_ easy: UnsafeMutableRawPointer) {
        sr_curl_easy_reset(easy)
        if easyPool.count < 64 { easyPool.append(easy) } else { sr_curl_easy_cleanup(easy) }
    }
}

extension EventLoop {
    /// Runs `body` on the loop after `seconds`. Returns an id for `cancelTimer`.
    @LoopActor
    @discardableResult
    public func schedule(after seconds: Double, _ body: @escaping @LoopActor () -> Void) -> TimerID {
        core.timers.schedule(at: monotonicNanoseconds() &+ nanoseconds(fromSeconds: seconds), body)
    }

    /// Runs `body` on the loop at `deadline` (monotonicNanoseconds; at once if it has passed).
    @LoopActor
    @discardableResult
    public func schedule(at deadline: UInt64, _ body: @escaping @LoopActor () -> Void) -> TimerID {
        core.timers.schedule(at: deadline, body)
    }

    @LoopActor
    public func cancelTimer(_ id: TimerID) {
        core.timers.cancel(id)
    }

    /// Suspends the calling task for `seconds` on the loop's own timers; throws
    /// `CancellationError` at once when the task is cancelled.
    @LoopActor
    public func sleep(seconds: Double) async throws(CancellationError) {
        let box = SleepBox()
        let result: Result<Void, CancellationError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                box.continuation = continuation
                if Task.isCancelled { box.finish(.failure(CancellationError())); return }
                box.timer = self.schedule(after: seconds) { box.finish(.success(())) }
            }
        } onCancel: {
            self.execute { box.finish(.failure(CancellationError())) }
        }
        try result.get()
    }

    /// Transfers in the multi handle now (curl's running-handle count, seen from our side).
    @LoopActor
    public var transfersInFlight: Int { core.transfers.count }

    /// Whether the loop is firing timers or delivering transfer completions right now. Code
    /// that runs Lua checks it is false: completions only queue work for the loop.
    @LoopActor
    public var isDeliveringCompletions: Bool { core.deliveringCompletions }

    /// Timers pending now.
    @LoopActor
    public var pendingTimers: Int { core.timers.count }
}

@LoopActor
private final class SleepBox {
    var continuation: CheckedContinuation<Result<Void, CancellationError>, Never>?
    var timer: TimerID?

    func finish(_ result: Result<Void, CancellationError>) {
        guard let continuation else { return }
        self.continuation = nil
        if let timer { EventLoop.shared.cancelTimer(timer) }
        continuation.resume(returning: result)
    }
}
