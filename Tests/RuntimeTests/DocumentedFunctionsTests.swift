import Glibc
import JSONValue
import Runtime
import Testing
import Transport

/// docs/lua-api.md's table of every function is what the runtime installs from the catalogue,
/// and the global functions stackrun adds to Lua's: every documented function exists, and every
/// installed one is documented.
@Suite("the documented functions are the installed ones")
struct DocumentedFunctionsTests {
    @Test("docs/lua-api.md lists exactly the functions of keystone, nova, cinder, neutron, glance, openstack, fs, os, recipe and stackrun's globals")
    @LoopActor func documentedEqualsInstalled() async throws {
        let listed = try #require(try await evaluateLua("""
            local names = {}
            local function walk(prefix, t)
              for k, v in pairs(t) do
                if type(v) == "function" then names[#names + 1] = prefix .. "." .. k
                elseif type(v) == "table" then walk(prefix .. "." .. k, v) end
              end
            end
            for _, root in ipairs({"keystone", "nova", "cinder", "neutron", "glance", "openstack", "fs", "os", "recipe"}) do walk(root, _G[root]) end
            -- The `_G` row: the global functions stackrun adds, not those of Lua's base library
            -- (some of which it replaces: print, load, require).
            local base = {}
            for name in ("assert collectgarbage error getmetatable ipairs load next pairs pcall print rawequal rawget "
                .. "rawlen rawset require select setmetatable tonumber tostring type warn xpcall"):gmatch("%S+") do base[name] = true end
            -- A script's _G holds its own globals; the shared ones are the sandbox's base.
            for name, value in pairs(package.loaded._G) do
              if type(value) == "function" and not base[name] then names[#names + 1] = "_G." .. name end
            end
            return names
            """))
        let installed = Set((listed.arrayValue ?? []).compactMap(\.stringValue))
        let documented = try Self.documentedFunctions()
        #expect(installed.count > 100)
        #expect(documented.subtracting(installed).sorted() == [], "documented but not installed")
        #expect(installed.subtracting(documented).sorted() == [], "installed but not documented")
    }

    /// "module.function" for each row of the table under "Every function, by module".
    static func documentedFunctions() throws -> Set<String> {
        let text = try readText(Fixtures.packageRoot + "/docs/lua-api.md")
        guard let start = text.range(of: "## Every function, by module") else { throw DocumentError.missingSection }
        var names = Set<String>()
        for line in text[start.upperBound...].split(separator: "\n").prefix(while: { !$0.hasPrefix("## ") }) where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingPrefix(" ") }
            guard cells.count >= 2 else { continue }
            let module = cells[0].filter { $0 != "`" && $0 != " " }
            for function in cells[1].split(separator: ",") {
                names.insert(module + "." + function.filter { $0 != "`" && $0 != " " })
            }
        }
        return names
    }

    enum DocumentError: Error { case missingSection, unreadable }

    static func readText(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw DocumentError.unreadable }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
