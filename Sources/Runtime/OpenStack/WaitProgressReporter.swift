public import OpenStack
public import Transport

/// Shows the run's waits on the terminal's status line, "servers: 37/100 ACTIVE, 2 ERROR",
/// redrawn at most four times a second however many rounds answer, and erased when the last
/// wait ends. Only for a stderr that is a terminal (`stackrun run` decides).
@LoopActor
public final class WaitProgressReporter: WaitObserver {
    static let redrawInterval: UInt64 = 250_000_000
    private var progress = WaitProgress()
    private var lastDrawn: UInt64 = 0
    private var redrawPending = false

    public init() {}

    public func waitStarted(_ kind: String, _ id: String, target: String) {
        progress.started(kind, id, target: target)
        changed()
    }

    public func waitObserved(_ kind: String, _ id: String, status: String) {
        progress.observed(kind, id, status: status)
        changed()
    }

    public func waitEnded(_ kind: String, _ id: String, status: String?) {
        progress.ended(kind, id, status: status)
        changed()
    }

    /// Erases the line for good (the run is over).
    public func finish() {
        progress = WaitProgress()
        StatusLine.clear()
    }

    private func changed() {
        guard !progress.isEmpty else { return StatusLine.clear() }
        let now = monotonicNanoseconds()
        if now &- lastDrawn >= Self.redrawInterval {
            draw(at: now)
            return
        }
        guard !redrawPending else { return }
        redrawPending = true
        let wait = Self.redrawInterval - (now &- lastDrawn)
        Task { @LoopActor [weak self] in
            try? await Task.sleep(nanoseconds: wait)
            guard let self else { return }
            redrawPending = false
            if progress.isEmpty { StatusLine.clear() } else { draw(at: monotonicNanoseconds()) }
        }
    }

    private func draw(at now: UInt64) {
        lastDrawn = now
        StatusLine.show(progress.text)
    }
}
