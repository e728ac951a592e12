internal import CStackrun

/// The prelude: Lua code run once per state before any script, for what is simplest written
/// in Lua itself (Sources/Runtime/Prelude: `prelude.lua`, `retry.lua`, `sandbox.lua`). It is
/// compiled to bytecode at build time (Plugins/PreludeBytecode), kept here with its source:
/// bytecode belongs to the Lua release that made it, and Lua checks only the minor version, so
/// a runner whose liblua5.4 is another release than the build's (a later patch installed)
/// compiles the source instead.
enum PreludeChunk {
    static let chunkName = "=prelude"

    enum Form: Equatable {
        case bytecode([UInt8])
        case source([UInt8])
    }

    /// What to load with the Lua library whose `lua_ident` is `libraryIdent`.
    static func form(forLibrary libraryIdent: String) -> Form {
        if libraryIdent.utf8.elementsEqual(bytes(ofLatinOne: preludeBytecodeLuaIdent)) {
            return .bytecode(bytes(ofLatinOne: preludeBytecode))
        }
        return .source(bytes(ofLatinOne: preludeBytecodeSource))
    }

    /// For the library this process loaded.
    static var form: Form { form(forLibrary: String(cString: sr_lua_ident())) }

    /// The literal's bytes: each byte is the Unicode scalar of its value, so below 0x80 one
    /// UTF-8 byte and from 0x80 two (110000xx 10xxxxxx).
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
