/// Identifies a scheduled timer.
public struct TimerID: Hashable, Sendable {
    let value: UInt64
}

/// Deadlines in a binary min-heap. A value type with no clock and no I/O, so that its ordering
/// and cancellation can be tested alone; the loop asks it for what is due and for how long it
/// may sleep.
public struct TimerQueue<Payload> {
    public typealias ID = TimerID

    private struct Entry {
        let deadline: UInt64
        let id: ID
    }

    private var heap: [Entry] = []
    private var payloads: [ID: Payload] = [:]
    private var nextID: UInt64 = 0

    public init() {}

    /// Timers scheduled and not yet fired or cancelled.
    public var count: Int { payloads.count }

    public mutating func schedule(at deadline: UInt64, _ payload: Payload) -> ID {
        nextID += 1
        let id = ID(value: nextID)
        payloads[id] = payload
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return id
    }

    /// Cancels a timer; its heap entry is dropped lazily when it reaches the top.
    @discardableResult
    public mutating func cancel(_ id: ID) -> Payload? { payloads.removeValue(forKey: id) }

    /// The earliest live deadline.
    public mutating func nextDeadline() -> UInt64? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the payloads due at `now`, earliest first (ties in scheduling order).
    public mutating func popDue(now: UInt64) -> [Payload] {
        var due: [Payload] = []
        while true {
            dropCancelledTop()
            guard let top = heap.first, top.deadline <= now else { return due }
            removeTop()
            if let payload = payloads.removeValue(forKey: top.id) { due.append(payload) }
        }
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, payloads[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.id.value < b.id.value
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var smallest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count {
                if precedes(heap[child], heap[smallest]) { smallest = child }
            }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
