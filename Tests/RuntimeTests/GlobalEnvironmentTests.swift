import JSONValue
import Runtime
import Testing
import Transport

/// Each script and module has its own `_ENV` over a read-only base (SandboxPrelude.swift):
/// modules cannot change the shared libraries or each other's globals, and undeclared globals
/// are reported with file:line.
@Suite struct GlobalEnvironmentTests {
    @Test("a module cannot overwrite string.format: it is refused, and the main script still has the original")
    @LoopActor func moduleCannotReplaceALibraryFunction() async throws {
        let modules = try TemporaryDirectory("env")
        defer { modules.remove() }
        try modules.write("evil.lua", """
            local ok, e = pcall(function() string.format = function() return "pwned" end end)
            local raw_ok = pcall(rawset, string, "format", function() return "pwned" end)
            local loaded_ok = pcall(function() package.loaded.string.format = nil end)
            return {ok = ok, message = e, raw_ok = raw_ok, loaded_ok = loaded_ok}
            """)
        let report = try await runLua("""
            package.path = \(lua(modules.path + "/?.lua"))
            local evil = require("evil")
            return {evil.ok, evil.raw_ok, evil.loaded_ok, string.format("%d", 7), ("%d"):format(8), evil.message}
            """)
        #expect(report.value[0] == false && report.value[1] == false && report.value[2] == false, "\(report.value)")
        #expect(report.value[3] == "7" && report.value[4] == "8", "\(report.problems)")
        #expect(report.value[5]?.stringValue?.contains("cannot change 'string.format'") == true, "\(report.value)")
    }

    @Test("a module's globals stay its own: the main script does not see them, nor the module the script's")
    @LoopActor func moduleGlobalsDoNotLeak() async throws {
        let modules = try TemporaryDirectory("env")
        defer { modules.remove() }
        try modules.write("counter.lua", """
            count = 41
            function bump() count = count + 1 return count end
            return {bump = bump, sees_script = rawget(_G, "secret_of_main") ~= nil}
            """)
        let log = LogCapture()
        let report = try await runLua("""
            secret_of_main = "mine"
            package.path = \(lua(modules.path + "/?.lua"))
            local counter = require("counter")
            return {counter.bump(), rawget(_G, "count") == nil, rawget(_G, "bump") == nil, counter.sees_script}
            """, log: log)
        #expect(report.value == [42, true, true, false], "\(report.problems)")
        #expect(log.messages.allSatisfy { !$0.contains("undeclared") }, "top-level globals are declared: \(log.messages)")
    }

    @Test("a misspelt global read warns once per place with file:line; a new global set in a function too")
    @LoopActor func undeclaredGlobalsWarn() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local total = 0
            for i = 1, 3 do total = total + (misspelt or i) end
            local function helper() made_inside = true end
            helper()
            return {total, made_inside}
            """, log: log)
        #expect(report.value == [6, true], "\(report.problems)")
        let warnings = log.messages.filter { $0.contains("undeclared global") }
        #expect(warnings == ["warning: read of undeclared global 'misspelt' (misspelt? no one assigned it)",
                             "warning: assignment to undeclared global 'made_inside' inside a function (assign it at the chunk's top level first, or make it local)"],
                "\(log.messages)")
        #expect(log.positions.compactMap { $0 }.prefix(2) == ["script:2", "script:3"], "\(log.positions)")
    }

    @Test("the base is out of reach: setmetatable, rawset and package.loaded._G are refused; tasks share the script's globals")
    @LoopActor func baseTricksAreRefused() async throws {
        let report = try await runLua("""
            shared_value = 1
            local refused = {}
            local function try(name, f) if not pcall(f) then refused[#refused + 1] = name end end
            try("setmetatable _G", function() setmetatable(_G, nil) end)
            try("setmetatable string", function() setmetatable(string, nil) end)
            try("rawset base", function() rawset(package.loaded._G, "print", nil) end)
            try("base field", function() package.loaded._G.nova = nil end)
            try("string metatable", function() getmetatable("").__index.format = nil end)
            try("nested", function() table.insert(nova, 1) end)
            local t = spawn(function() return shared_value + 1 end)
            return {refused, t:wait(), type(print), type(spawn), type(parallel.map), type(retry)}
            """)
        #expect(report.value == [["setmetatable _G", "setmetatable string", "rawset base", "base field",
                                  "string metatable", "nested"], 2, "function", "function", "function", "function"],
                "\(report.problems)")
    }
}
