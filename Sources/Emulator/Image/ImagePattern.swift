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
        var md5 = MD5()
        var sha = SHA512()
        var offset = 0
        while offset < size {
            let chunk = bytes(offset: offset, count: min(65536, size - offset))
            md5.update(chunk)
            sha.update(chunk)
            offset += chunk.count
        }
        return (md5.finish(), sha.finish())
    }

    /// Computed once per process: the seeded image exists in every emulator and every reset.
    static let cirrosDigests = digests(size: ImageState.cirrosSize)
}
