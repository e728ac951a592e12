import Glibc

/// Deterministic fuzzing without libFuzzer: a seeded generator (SplitMix64) and byte mutations
/// of a corpus. The same seed gives the same inputs, so a failure names the seed that finds it
/// again. `FUZZ_ITERATIONS` and `FUZZ_SEED` (scripts/fuzz/run.sh) make a longer pass.
struct SeededMutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    static var iterations: Int { getenv("FUZZ_ITERATIONS").flatMap { Int(String(cString: $0)) } ?? 3000 }
    static var seed: UInt64 { getenv("FUZZ_SEED").flatMap { UInt64(String(cString: $0)) } ?? 20261206 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// One to four mutations of `input`: a byte changed, inserted or removed, a run repeated or
    /// cut, the input cut short, or bytes that are not UTF-8 put in.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            case 2 where !bytes.isEmpty: bytes.remove(at: min(at, bytes.count - 1))
            case 3:
                let end = min(bytes.count, at + below(16))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 4: bytes = Array(bytes.prefix(at))
            case 5: bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80].prefix(1 + below(6)), at: at)
            default: bytes.insert(contentsOf: Array("\"{[-0e999,]}:\\u".utf8).shuffledPrefix(&self, 1 + below(4)), at: at)
            }
        }
        return bytes
    }
}

extension Array {
    func shuffledPrefix(_ random: inout SeededMutator, _ count: Int) -> [Element] {
        (0..<count).map { _ in self[random.below(self.count)] }
    }
}
