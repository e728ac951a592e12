import Foundation
import Testing

/// `require` through the binary, with real module files: the script's directory first, then
/// the current directory, then the recipe path (STACKRUN_PATH among it).
@Suite("require: the module search path")
struct ModuleSearchTests {
    /// Three directories each holding `which.lua` naming itself, and modules found in one only.
    private func layout() throws -> (script: String, current: String, library: String) {
        let script = try temporaryScript("""
            return {which = require("which"), current = require("only_current"),
                    library = require("only_library"), nested = require("pkg.inner")}
            """, name: "job.lua")
        let current = try temporaryScript("return 'current'", name: "which.lua")
        let library = try temporaryScript("return 'library'", name: "which.lua")
        let currentDirectory = (current as NSString).deletingLastPathComponent
        let libraryDirectory = (library as NSString).deletingLastPathComponent
        try "return 'from current'".write(toFile: currentDirectory + "/only_current.lua", atomically: true, encoding: .utf8)
        try "return 'from library'".write(toFile: libraryDirectory + "/only_library.lua", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: libraryDirectory + "/pkg/inner", withIntermediateDirectories: true)
        try "return 'init'".write(toFile: libraryDirectory + "/pkg/inner/init.lua", atomically: true, encoding: .utf8)
        return (script, currentDirectory, libraryDirectory)
    }

    @Test("the script's directory, then the current directory, then STACKRUN_PATH")
    func searchOrder() throws {
        let (script, current, library) = try layout()
        let scriptDirectory = (script as NSString).deletingLastPathComponent
        try "return 'script'".write(toFile: scriptDirectory + "/which.lua", atomically: true, encoding: .utf8)
        let result = try stackrun(["run", script], environment: ["STACKRUN_PATH": "/nonexistent:" + library],
                                  directory: current)
        #expect(result.status == 0, "\(result.stderr)")
        let value = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String]
        #expect(value == ["which": "script", "current": "from current", "library": "from library", "nested": "init"])
    }

    @Test("without one in the script's directory, the current directory's module wins over STACKRUN_PATH")
    func currentBeforeStackrunPath() throws {
        let (script, current, library) = try layout()
        let result = try stackrun(["run", script], environment: ["STACKRUN_PATH": library], directory: current)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"which\": \"current\""), "\(result.stdout)")
    }

    @Test("a missing module lists every file tried, in search order")
    func notFoundListsTheOrder() throws {
        let script = try temporaryScript("return require('absent')")
        let directory = (script as NSString).deletingLastPathComponent
        let result = try stackrun(["run", script], environment: ["STACKRUN_PATH": "/lib-a:/lib-b", "XDG_CONFIG_HOME": "/cfg"], directory: "/")
        #expect(result.status == 1)
        let tried = result.stderr.components(separatedBy: "no file '").dropFirst().map { String($0.prefix(while: { $0 != "'" })) }
        // Then the recipe path: ./recipes, STACKRUN_PATH, the user's recipes, the standard ones.
        #expect(tried.prefix(12) == ["\(directory)/absent.lua", "\(directory)/absent/init.lua", "./absent.lua", "./absent/init.lua",
                                     "recipes/absent.lua", "recipes/absent/init.lua",
                                     "/lib-a/absent.lua", "/lib-a/absent/init.lua", "/lib-b/absent.lua", "/lib-b/absent/init.lua",
                                     "/cfg/stackrun/recipes/absent.lua", "/cfg/stackrun/recipes/absent/init.lua"], "\(tried)")
        #expect(tried.count == 14 && tried[12].hasSuffix("/scripts/recipes/absent.lua"), "\(tried)")
    }
}
