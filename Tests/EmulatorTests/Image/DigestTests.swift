@testable import Emulator
import Testing

/// The digests Glance reports, against the published test vectors (RFC 1321, FIPS 180-4
/// examples) and across chunk boundaries, since uploads arrive in pieces of any size.
struct DigestTests {
    static func digests(_ text: String) -> (md5: String, sha512: String) {
        var digests = ImageDigests()
        digests.update(Array(text.utf8))
        return digests.finish()
    }

    static func md5(_ text: String) -> String { digests(text).md5 }
    static func sha512(_ text: String) -> String { digests(text).sha512 }

    @Test func md5Vectors() {
        #expect(Self.md5("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Self.md5("a") == "0cc175b9c0f1b6a831c399e269772661")
        #expect(Self.md5("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Self.md5("message digest") == "f96b697d7cb7938d525a2f31aaf161d0")
        #expect(Self.md5(String(repeating: "1234567890", count: 8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test func sha512Vectors() {
        #expect(Self.sha512("") == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        #expect(Self.sha512("abc") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(Self.sha512("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
    }

    @Test func chunkedInputGivesTheSameDigest() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = ImageDigests()
        whole.update(data)
        var pieces = ImageDigests()
        var offset = 0
        for size in [1, 63, 64, 65, 127, 128, 129, 1000, 3] where offset < data.count {
            let chunk = Array(data[offset..<min(data.count, offset + size)])
            pieces.update(chunk)
            offset += chunk.count
        }
        let rest = Array(data[offset...])
        pieces.update(rest)
        #expect(whole.finish() == pieces.finish())
    }

    @Test func seededImageDigestsMatchItsBytes() {
        let computed = ImagePattern.digests(size: ImageState.cirrosSize)
        #expect(computed.md5 == ImagePattern.cirrosDigests.md5)
        #expect(computed.sha512 == ImagePattern.cirrosDigests.sha512)
    }
}
