internal import Glibc

extension EventLoop {
    /// Runs `body` on the loop and blocks the calling thread until it returns: how a synchronous
    /// `main` hands its work to the loop. Never call it on the loop thread itself.
    public func runBlocking<T: Sendable>(_ body: @escaping @Sendable @LoopActor () async -> T) -> T {
        precondition(!isLoopThread, "runBlocking would deadlock on the loop thread")
        let slot = BlockingSlot<T>()
        Task { @LoopActor in slot.fill(await body()) }
        return slot.take()
    }
}

/// One value handed from the loop to a blocked thread.
private final class BlockingSlot<T: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written once before sem_post and read after sem_wait.
    private let ready = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private var value: T?

    init() { sem_init(ready, 0, 0) }

    deinit {
        sem_destroy(ready)
        ready.deallocate()
    }

    func fill(_ value: T) {
        self.value = value
        sem_post(ready)
    }

    func take() -> T {
        while sem_wait(ready) != 0 {} // EINTR: a signal arrived; keep waiting
        return value!
    }
}
