import Crypto

/// The two digests Glance records for image data (`checksum`, MD5, and `os_hash_value`,
/// SHA-512), computed as the data streams by. swift-crypto is here already for key pairs, so
/// BoringSSL's hashes serve rather than ones of our own.
struct ImageDigests {
    private var md5 = Insecure.MD5()
    private var sha512 = SHA512()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        md5.update(bufferPointer: bytes)
        sha512.update(bufferPointer: bytes)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Lower-case hex, as Glance shows them: 32 digits of MD5, 128 of SHA-512.
    func finish() -> (md5: String, sha512: String) {
        (Self.hex(md5.finalize()), Self.hex(sha512.finalize()))
    }

    private static func hex(_ digest: some Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(Insecure.MD5.byteCount * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
