import Runtime
import Testing

/// The one ordered list of directories `require` searches.
@Suite struct ModuleSearchPathTests {
    static func recipes(_ stackrunPath: String?, user: String? = nil, standard: String? = nil) -> RecipePath {
        RecipePath(stackrunPath: stackrunPath, userDirectory: user, standardDirectory: standard)
    }

    @Test func theScriptsDirectoryThenTheCurrentOneThenTheRecipePath() {
        let path = ModuleSearchPath(scriptDirectory: "/jobs", recipePath: Self.recipes("/opt/lua:/srv/lib", user: "/home/u/.config/stackrun/recipes",
                                                                                       standard: "/usr/share/stackrun/recipes"))
        #expect(path.directories == ["/jobs", ".", "recipes", "/opt/lua", "/srv/lib", "/home/u/.config/stackrun/recipes", "/usr/share/stackrun/recipes"])
        #expect(path.packagePath.hasPrefix("/jobs/?.lua;/jobs/?/init.lua;./?.lua;./?/init.lua;recipes/?.lua;recipes/?/init.lua;"
            + "/opt/lua/?.lua;/opt/lua/?/init.lua;/srv/lib/?.lua;/srv/lib/?/init.lua"))
    }

    @Test func eachDirectoryOnceAndEmptyEntriesSkipped() {
        let path = ModuleSearchPath(scriptDirectory: ".", recipePath: Self.recipes("::/opt/lua/:./:/opt/lua"))
        #expect(path.directories == [".", "recipes", "/opt/lua/"])
        #expect(ModuleSearchPath(scriptDirectory: nil, recipePath: Self.recipes(nil)).directories == [".", "recipes"])
    }

    @Test func aDottedNameIsAPathAlongEachTemplate() {
        let candidates = ModuleSearchPath.candidates(for: "net.util", along: "/jobs/?.lua;;/jobs/?/init.lua")
        #expect(candidates == ["/jobs/net/util.lua", "/jobs/net/util/init.lua"])
    }
}
