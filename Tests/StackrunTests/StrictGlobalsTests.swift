import Foundation
import Testing

/// `stackrun run --strict`: the undeclared-global warnings become errors (Runtime+Sandbox.swift).
@Suite("undeclared globals through stackrun run")
struct StrictGlobalsTests {
    @Test("a misspelt global: a warning with file:line and a normal run; with --strict, exit 1 naming file:line")
    func misspeltGlobal() throws {
        let script = try temporaryScript("""
            local retries = 3
            return retires or 0
            """)
        let warned = try stackrun(["run", script])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout == "0\n")
        #expect(warned.stderr.contains("read of undeclared global 'retires'") && warned.stderr.contains("script.lua:2"),
                "\(warned.stderr)")
        let strict = try stackrun(["run", "--strict", script])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("script.lua:2: read of undeclared global 'retires'"), "\(strict.stderr)")
    }
}
