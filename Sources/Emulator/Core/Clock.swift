public import Foundation
import Synchronization

/// Where the emulator reads the time. Status machines (BUILD -> ACTIVE) and token expiry read it
/// through the cloud state, so a test can swap in a `ManualClock` and step time by hand.
public protocol EmulatorClock: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemClock: EmulatorClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualClock: EmulatorClock {
    private let current: Mutex<Date>

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
