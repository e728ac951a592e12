import Runtime
import Testing

/// The one ordered list of directories `require` searches.
@Suite struct ModuleSearchPathTests {
    @Test func theScriptsDirectoryThenTheCurrentOneThenStackrunPath() {
        let path = ModuleSearchPath(scriptDirectory: "/jobs", stackrunPath: "/opt/lua:/srv/lib")
        #expect(path.directories == ["/jobs", ".", "/opt/lua", "/srv/lib"])
        #expect(path.packagePath == "/jobs/?.lua;/jobs/?/init.lua;./?.lua;./?/init.lua;"
            + "/opt/lua/?.lua;/opt/lua/?/init.lua;/srv/lib/?.lua;/srv/lib/?/init.lua")
    }

    @Test func eachDirectoryOnceAndEmptyEntriesSkipped() {
        let path = ModuleSearchPath(scriptDirectory: ".", stackrunPath: "::/opt/lua/:./:/opt/lua")
        #expect(path.directories == [".", "/opt/lua/"])
        #expect(ModuleSearchPath(scriptDirectory: nil, stackrunPath: nil).directories == ["."])
    }

    @Test func aDottedNameIsAPathAlongEachTemplate() {
        let candidates = ModuleSearchPath.candidates(for: "net.util", along: "/jobs/?.lua;;/jobs/?/init.lua")
        #expect(candidates == ["/jobs/net/util.lua", "/jobs/net/util/init.lua"])
    }
}
