import Foundation

/// MD5 (RFC 1321), for Glance's `checksum` and `Content-MD5`. Incremental, so that an upload is
/// hashed as it streams past. Not for security: Glance keeps MD5 for compatibility only.
/// Written over raw pointers, without per-block allocations: uploads run through it in debug
/// builds too, where array bookkeeping would dominate.
struct MD5 {
    private var a0: UInt32 = 0x6745_2301
    private var b0: UInt32 = 0xefcd_ab89
    private var c0: UInt32 = 0x98ba_dcfe
    private var d0: UInt32 = 0x1032_5476
    private var partial = DigestBlock(size: 64)
    private var length: UInt64 = 0

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(abs(sin(i + 1)) * 2^32), the table the RFC defines.
    private static let constants: [UInt32] = (0..<64).map { index in
        UInt32(truncatingIfNeeded: Int64((abs(sin(Double(index + 1))) * 4_294_967_296).rounded(.down)))
    }

    /// The message word each round reads.
    private static let wordIndex: [Int] = (0..<64).map { round in
        switch round {
        case 0..<16: round
        case 16..<32: (5 * round + 1) % 16
        case 32..<48: (3 * round + 5) % 16
        default: (7 * round) % 16
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        // Out of `self` while compressing: `compress` mutates the other members.
        var pending = partial
        partial = DigestBlock.placeholder
        pending.feed(bytes) { block in compress(block) }
        partial = pending
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest as 32 lower-case hex digits.
    mutating func finish() -> String {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        while (partial.count + tail.count) % 64 != 56 { tail.append(0) }
        for shift in stride(from: 0, to: 64, by: 8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        update(tail)
        var digest: [UInt8] = []
        for word in [a0, b0, c0, d0] {
            for shift in stride(from: 0, to: 32, by: 8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return Hex.encode(digest)
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        var a = a0, b = b0, c = c0, d = d0
        Self.constants.withUnsafeBufferPointer { constants in
            Self.shifts.withUnsafeBufferPointer { shifts in
                Self.wordIndex.withUnsafeBufferPointer { words in
                    for round in 0..<64 {
                        var f: UInt32
                        if round < 16 {
                            f = (b & c) | (~b & d)
                        } else if round < 32 {
                            f = (d & b) | (~d & c)
                        } else if round < 48 {
                            f = b ^ c ^ d
                        } else {
                            f = c ^ (b | ~d)
                        }
                        let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: words[round] &* 4, as: UInt32.self))
                        f = f &+ a &+ constants[round] &+ word
                        a = d
                        d = c
                        c = b
                        let shift = shifts[round]
                        b = b &+ ((f &<< shift) | (f &>> (32 &- shift)))
                    }
                }
            }
        }
        a0 = a0 &+ a
        b0 = b0 &+ b
        c0 = c0 &+ c
        d0 = d0 &+ d
    }
}

/// The bytes of an unfinished block, kept between `update` calls.
struct DigestBlock {
    private var storage: [UInt8]
    private(set) var count = 0
    let size: Int

    init(size: Int) {
        self.size = size
        storage = [UInt8](repeating: 0, count: size)
    }

    /// Holds a digest's place while its block is out being fed; allocates nothing.
    static let placeholder = DigestBlock(size: 0)

    /// Calls `compress` for every whole block of `bytes` (after the ones left over before), and
    /// keeps the rest.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ compress: (UnsafeRawPointer) -> Void) {
        guard var next = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        if count > 0 {
            let take = min(size - count, remaining)
            let offset = count
            storage.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: offset).copyMemory(from: next, byteCount: take) }
            count += take
            next += take
            remaining -= take
            if count == size {
                storage.withUnsafeBytes { compress($0.baseAddress!) }
                count = 0
            }
        }
        while remaining >= size {
            compress(next)
            next += size
            remaining -= size
        }
        if remaining > 0 {
            let source = next
            storage.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: source, byteCount: remaining) }
            count = remaining
        }
    }
}

enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
