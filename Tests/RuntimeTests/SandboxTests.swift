import JSONValue
import Runtime
import Testing
import Transport

/// What a script cannot reach whatever it is granted (secret variables, io, debug, bytecode, the
/// collector), and os.getenv's grants.
@Suite struct SandboxTests {
    static let environment: @Sendable (String) -> String? = { name in
        ["OS_PASSWORD": "pw-never-seen", "OS_TOKEN": "tok-never-seen", "OS_APPLICATION_CREDENTIAL_SECRET": "acs-never-seen",
         "GITHUB_TOKEN": "gh-never-seen", "OS_REGION_NAME": "RegionTwo", "STACKRUN_FLAVOR": "m1.big", "HOME": "/home/ops",
         "DEPLOY_ENV": "prod", "DEPLOY_ZONE": "b"][name]
    }

    @Test("os.getenv: secrets are nil even with --allow-all, with one warning each and never their value")
    @LoopActor func secretsAreNil() async throws {
        let log = LogCapture()
        let report = try await runLua("""
            local seen = {}
            for _, name in ipairs({"OS_PASSWORD", "OS_TOKEN", "OS_APPLICATION_CREDENTIAL_SECRET", "GITHUB_TOKEN", "OS_PASSWORD"}) do
              seen[#seen + 1] = os.getenv(name) == nil
            end
            return {seen, os.getenv("HOME")}
            """, log: log, permissions: .allowAll, environment: Self.environment)
        #expect(report.value == [[true, true, true, true, true], "/home/ops"], "\(report.problems)")
        let warnings = log.messages.filter { $0.hasPrefix("warning: os.getenv:") }
        #expect(warnings.count == 4, "one per name: \(warnings)")
        #expect(log.messages.allSatisfy { !$0.contains("never-seen") })
    }

    @Test("os.getenv: non-secret OS_* and STACKRUN_* by default; any other only when granted, else a refusal naming the flag")
    @LoopActor func grants() async throws {
        let standard = try await runLua("""
            local ok, e = pcall(os.getenv, "HOME")
            return {os.getenv("OS_REGION_NAME"), os.getenv("STACKRUN_FLAVOR"), os.getenv("OS_NOT_SET") == nil,
                    ok, e.kind, e.capability, e.flag, tostring(e)}
            """, permissions: .standard, environment: Self.environment)
        #expect(standard.value == ["RegionTwo", "m1.big", true, false, "permission_denied", "env", "--allow-env=HOME",
                                   "script:1: os.getenv: no env permission for HOME: run with --allow-env=HOME to grant it"],
                "\(standard.problems)")
        let granted = try await runLua("""
            return {os.getenv("HOME"), os.getenv("DEPLOY_ENV"), os.getenv("DEPLOY_ZONE")}
            """, permissions: Permissions(environment: ["HOME", "DEPLOY_*"]), environment: Self.environment)
        #expect(granted.value == ["/home/ops", "prod", "b"], "\(granted.problems)")
    }

    @Test("a grant of a secret variable is refused as a problem of the grants")
    func secretGrantIsAProblem() {
        #expect(Permissions(environment: ["OS_PASSWORD"]).problems().count == 1)
        #expect(Permissions(environment: ["OS_CLOUD"], net: ["example.com:443", "[::1]:8080", "10.0.0.5"]).problems() == [])
        #expect(Permissions(net: ["example.com:http"]).problems().count == 1)
        #expect(Permissions(net: ["exa mple.com"]).problems().count == 1)
    }

    @Test("no io, debug, package.loadlib, bytecode or os.execute, even with --allow-all; collectgarbage only counts")
    @LoopActor func theLibrariesThatAreNotThere() async throws {
        let report = try await runLua("""
            local absent = {}
            for name, value in pairs({io = io, debug = debug, loadlib = package.loadlib, cpath = package.cpath,
                                      searchers = package.searchers, dump = string.dump, dofile = dofile, loadfile = loadfile,
                                      execute = os.execute, exit = os.exit, remove = os.remove, rename = os.rename,
                                      tmpname = os.tmpname, setlocale = os.setlocale}) do
              absent[#absent + 1] = name
            end
            local binary = select(2, load("\\27LuaT\\0 a precompiled chunk"))
            local pieces = {"\\27Lua", "T\\0"}
            local read = select(2, load(function() return table.remove(pieces, 1) end))
            local collect_ok, collect = pcall(collectgarbage)
            local stop_ok = pcall(collectgarbage, "stop")
            return {#absent, binary, read, type(collectgarbage("count")), collect_ok, collect.kind, stop_ok}
            """, permissions: .allowAll)
        #expect(report.value[0] == 0, "present: \(report.value)")
        #expect(report.value[1]?.stringValue?.contains("attempt to load a binary chunk") == true)
        #expect(report.value[2]?.stringValue?.contains("attempt to load a binary chunk") == true)
        #expect(report.value[3] == "number")
        #expect(report.value[4] == false && report.value[5] == "invalid_argument" && report.value[6] == false)
    }
}
