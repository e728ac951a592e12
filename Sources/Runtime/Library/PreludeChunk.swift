/// The prelude: Lua code run once per state before any script, for what is simplest written
/// in Lua itself (Sources/Runtime/Prelude: `prelude.lua`, `retry.lua`, `sandbox.lua`). It is
/// compiled to bytecode at build time (Plugins/PreludeBytecode), which this turns back into
/// bytes: each byte is the Unicode scalar of its value in the literal, so below 0x80 one UTF-8
/// byte and from 0x80 two (110000xx 10xxxxxx).
enum PreludeChunk {
    static let chunkName = "=prelude"

    static var bytecode: [UInt8] { bytes(ofLatinOne: preludeBytecode) }

    static func bytes(ofLatinOne literal: StaticString) -> [UInt8] {
        let utf8 = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                bytes.append(lead)
                index += 1
            } else {
                bytes.append((lead & 0x03) << 6 | (utf8[index + 1] & 0x3F))
                index += 2
            }
        }
        return bytes
    }
}
