import Synchronization

/// SplitMix64: small, fast, and the same sequence for the same seed on every platform, which is
/// what makes a fault plan reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// The shared, seeded source of every random fault decision. Draws are serialized, so with
/// requests sent one at a time a run repeats exactly.
public final class SeededRandom: Sendable {
    private let generator: Mutex<SplitMix64>

    public init(seed: UInt64) { generator = Mutex(SplitMix64(seed: seed)) }

    public func reseed(_ seed: UInt64) {
        generator.withLock { $0 = SplitMix64(seed: seed) }
    }

    /// A uniform draw in [0, 1).
    public func unit() -> Double {
        generator.withLock { Double($0.next() >> 11) * 0x1.0p-53 }
    }

    /// True with probability `rate`; a rate of 1 is always true and 0 never, without a draw
    /// being wasted on either so that other rules' sequences stay stable.
    public func chance(_ rate: Double) -> Bool {
        if rate >= 1 { return true }
        if rate <= 0 { return false }
        return unit() < rate
    }

    public func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    public func pick<T>(_ choices: [T]) -> T? {
        guard !choices.isEmpty else { return nil }
        if choices.count == 1 { return choices[0] }
        let index = generator.withLock { Int($0.next() % UInt64(choices.count)) }
        return choices[index]
    }
}
