import Foundation
import LuaBridge
@testable import Runtime
import Testing

/// The prelude compiled at build time, and its source for a Lua library of another release.
@Suite struct PreludeChunkTests {
    /// Sources/Runtime/Prelude's files joined as the plugin joins them, each ending with a newline.
    static func joinedSource() throws -> [UInt8] {
        var directory = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory = directory.deletingLastPathComponent()
        }
        let prelude = directory.appendingPathComponent("Sources/Runtime/Prelude")
        return try ["prelude.lua", "retry.lua", "sandbox.lua"].flatMap { name in
            Array(try Data(contentsOf: prelude.appendingPathComponent(name))) + [0x0A]
        }
    }

    @Test func theLibraryThatCompiledItLoadsTheBytecode() throws {
        guard case .bytecode(let bytecode) = PreludeChunk.form else {
            Issue.record("the build's own library was given the source")
            return
        }
        #expect(bytecode.starts(with: [0x1B] + Array("Lua".utf8)))
        let lua = try LuaState()
        defer { lua.close() }
        try lua.loadOwnBytecode(bytecode, chunkName: PreludeChunk.chunkName)
    }

    @Test func anotherReleaseCompilesTheSourceTheBytecodeWasMadeFrom() throws {
        let form = PreludeChunk.form(forLibrary: "$LuaVersion: Lua 5.4.99  Copyright (C) 1994-2099 Lua.org, PUC-Rio $")
        guard case .source(let source) = form else {
            Issue.record("another release was given the bytecode")
            return
        }
        #expect(source == (try Self.joinedSource()))
        let lua = try LuaState()
        defer { lua.close() }
        try lua.load(source, chunkName: PreludeChunk.chunkName)
    }

    @Test func bytesFromEveryValueSurviveTheLiteral() {
        // Every byte value, as PreludeCompiler writes it: escapes below 0x20, two UTF-8 bytes from 0x80.
        let literal: StaticString = "\u{0}\u{1F}A\\\"\u{7F}\u{80}\u{9F}\u{C0}\u{FF}"
        #expect(PreludeChunk.bytes(ofLatinOne: literal) == [0x00, 0x1F, 0x41, 0x5C, 0x22, 0x7F, 0x80, 0x9F, 0xC0, 0xFF])
    }
}
