import JSONValue
import Runtime
import Testing
import Transport

/// A script's own coroutines calling I/O, and the places Lua cannot yield from.
@Suite(.exclusive) struct CoroutineTests {
    @Test func aGeneratorThatDoesIOYieldsItsValues() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local function pages(url)
              return coroutine.wrap(function()
                for page = 1, 3 do
                  local response = http.request{url = url .. "?page=" .. page}
                  coroutine.yield(page, response.status)
                end
              end)
            end
            local seen = {}
            for page, status in pages(\(lua(server.url("/json")))) do seen[#seen + 1] = page * 1000 + status end
            return seen
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == [1200, 2200, 3200])
    }

    @Test func resumeAndYieldPassValuesAroundHostYields() async throws {
        let report = try await runLua("""
            local co = coroutine.create(function(a)
              sleep(0.01)
              local b = coroutine.yield(a + 1)
              sleep(0.01)
              return b * 2
            end)
            local ok1, first = coroutine.resume(co, 1)
            local status = coroutine.status(co)
            local ok2, second = coroutine.resume(co, 10)
            return {ok1, first, status, ok2, second, coroutine.status(co)}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == [true, 2, "suspended", true, 20, "dead"])
    }

    @Test func nestedCoroutinesPassIOUpAndResultsDown() async throws {
        let report = try await runLua("""
            local outer = coroutine.wrap(function()
              local inner = coroutine.wrap(function()
                sleep(0.01)
                coroutine.yield("inner")
                sleep(0.01)
                return "inner done"
              end)
              coroutine.yield(inner())
              sleep(0.01)
              coroutine.yield(inner())
              return "outer done"
            end)
            return {outer(), outer(), outer()}
            """)
        #expect(report.value == ["inner", "inner done", "outer done"])
    }

    @Test func anErrorAfterIOInsideAGeneratorReachesPcall() async throws {
        let report = try await runLua("""
            local gen = coroutine.wrap(function()
              sleep(0.01)
              error({code = 5})
            end)
            local ok, err = pcall(gen)
            local co = coroutine.create(function() sleep(0.01) error("plain") end)
            local ok2, err2 = coroutine.resume(co)
            return {ok, err.code, ok2, err2:match("plain") ~= nil}
            """)
        #expect(report.value == [false, 5, false, true])
    }

    @Test func aMetamethodCalledFromLuaMayDoIO() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("""
            local lazy = setmetatable({}, {__index = function(_, key)
              return http.request{url = \(lua(server.url("/json")))}.json.ok and key
            end})
            return lazy.name
            """)
        #expect(report.value == "name")
    }

    @Test(arguments: [
        ("table.sort", "local t = {3, 1, 2}\ntable.sort(t, function(a, b) sleep(0) return a < b end)"),
        ("__tostring", "local x = setmetatable({}, {__tostring = function() sleep(0) return 'x' end})\nreturn tostring(x)"),
        ("gsub", "return (string.gsub('abc', '%w', function(c) sleep(0) return c end))"),
        ("an __index called by table.concat",
         "local t = setmetatable({}, {__len = function() return 1 end, __index = function() sleep(0) return 'a' end})\nreturn table.concat(t)"),
    ])
    func ioWhereLuaCannotYieldIsAClearError(place: String, code: String) async throws {
        let report = try await runLua("""
            local ok, err = pcall(function()
            \(code)
            end)
            return {ok, tostring(err)}
            """)
        #expect(report.status == .success, "\(place): \(report.problems)")
        #expect(report.value[0] == false, "\(place)")
        let message = report.value[1]?.stringValue ?? ""
        #expect(message.contains("'sleep' cannot be called here"), "\(place): \(message)")
    }

    @Test func ioInAFinalizerDoesNotCrash() async throws {
        // Scripts cannot call collectgarbage() to run the finalizer: garbage made until the
        // collector has run it does the same.
        let report = try await runLua("""
            local finalized = false
            setmetatable({}, {__gc = function() finalized = true; sleep(0.01) end})
            for _ = 1, 10000000 do
              local junk = {}
              if finalized then break end
            end
            sleep(0.01)
            return {"alive", finalized}
            """)
        #expect(report.value == ["alive", true])
    }

    @Test func aRequiredModuleMayDoIOInItsBody() async throws {
        let server = try await TestServer.start()
        let modules = try TemporaryDirectory("modules")
        defer { server.stop(); modules.remove() }
        try modules.write("netmod.lua", """
            local response = http.request{url = \(lua(server.url("/json")))}
            return {status = response.status}
            """)
        let report = try await runLua("""
            package.path = \(lua(modules.path + "/?.lua"))
            local first = require("netmod")
            local second = require("netmod")
            return {first.status, first == second}
            """)
        #expect(report.status == .success, "\(report.problems)")
        // The same table both times: the body ran once.
        #expect(report.value == [200, true])
    }

    @Test func aPlainYieldAtTaskLevelOnlyLetsOthersRun() async throws {
        let report = try await runLua("""
            local order = {}
            local t = spawn(function() order[#order + 1] = "task" end)
            coroutine.yield()
            order[#order + 1] = "main"
            t:wait()
            return order
            """)
        #expect(report.value == ["task", "main"])
    }
}
