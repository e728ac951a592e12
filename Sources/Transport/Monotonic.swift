internal import Glibc

/// Nanoseconds on the monotonic clock (never jumps with the wall clock).
public func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Seconds as nanoseconds, saturating (a huge or infinite timeout means "never").
public func nanoseconds(fromSeconds seconds: Double) -> UInt64 {
    guard seconds > 0 else { return 0 }
    let value = seconds * 1e9
    return value >= Double(UInt64.max / 2) ? UInt64.max / 2 : UInt64(value)
}
