/// The seeded image's bytes: a fixed text line repeated, made on the fly, so that starting an
/// emulator writes nothing to disk and every emulator's `cirros` has the same checksums.
enum ImagePattern {
    static let line = Array("stackrun emulator: the seeded cirros image has no real disk in it.\n".utf8)

    /// The bytes from `offset`, at most `count` of them.
    static func bytes(offset: Int, count: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var position = offset % line.count
        while output.count < count {
            let take = min(line.count - position, count - output.count)
            output.append(contentsOf: line[position..<position + take])
            position = 0
        }
        return output
    }

    static func digests(size: Int) -> (md5: String, sha512: String) {
        var digests = ImageDigests()
        var offset = 0
        while offset < size {
            let chunk = bytes(offset: offset, count: min(65536, size - offset))
            digests.update(chunk)
            offset += chunk.count
        }
        return digests.finish()
    }

    /// The seeded image's digests, written down rather than computed at every start and every
    /// reset; `DigestTests` checks them.
    static let cirrosDigests = (
        md5: "fa01708fc615ed45feaeb61a987c0e6a",
        sha512: "836d188a590a4fd9e6a885e838b58b2c4872b917a3d189ebed96d2b8023f0139e558f69fd1871f11de9410e6544ca3d7daa7f824aa2ae1a290a4a5a6ae86ab61")
}
