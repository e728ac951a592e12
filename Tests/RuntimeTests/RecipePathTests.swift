import Glibc
@testable import Runtime
import Testing

/// The recipe path over real directories: the first match wins, later ones are shadowed.
@Suite struct RecipePathTests {
    static func makeDirectories(_ root: TemporaryDirectory, _ names: [String]) {
        for name in names { mkdir(root.file(name), 0o755) }
    }

    static let recipe = "return {name = 'net', version = '1', description = 'd', run = function() end}\n"

    @Test func theFirstDirectoryThatHasARecipeWinsAndTheOthersAreShadowed() throws {
        let root = try TemporaryDirectory("recipe-path")
        defer { root.remove() }
        Self.makeDirectories(root, ["a", "b", "user", "standard", "user/net", "standard/tools"])
        try root.write("b/net.lua", Self.recipe)
        try root.write("user/net/init.lua", Self.recipe)
        try root.write("standard/net.lua", Self.recipe)
        try root.write("standard/tools/init.lua", Self.recipe)
        try root.write("standard/README.md", "not a recipe")
        let path = RecipePath(stackrunPath: root.file("a") + ":" + root.file("b"), userDirectory: root.file("user"),
                              standardDirectory: root.file("standard"))
        #expect(path.entries.map(\.origin) == [.project, .stackrunPath, .stackrunPath, .user, .standard])
        #expect(path.find("net")?.path == root.file("b/net.lua"))
        #expect(path.find("tools")?.path == root.file("standard/tools/init.lua"))
        #expect(path.find("none") == nil && path.find("../b/net") == nil)
        let all = path.allFiles()
        #expect(all.map(\.path) == [root.file("b/net.lua"), root.file("user/net/init.lua"), root.file("standard/net.lua"),
                                    root.file("standard/tools/init.lua")])
        #expect(all.map(\.shadowedBy) == [nil, root.file("b/net.lua"), root.file("b/net.lua"), nil])
    }

    @Test func theUserDirectoryFollowsXDGConfigHome() {
        #expect(RecipePath.userDirectory { $0 == "XDG_CONFIG_HOME" ? "/cfg" : "/home/u" } == "/cfg/stackrun/recipes")
        #expect(RecipePath.userDirectory { $0 == "HOME" ? "/home/u" : nil } == "/home/u/.config/stackrun/recipes")
    }

    @Test func theStandardRecipesAreFoundFromABuiltBinary() {
        // The test binary sits in .build/<triple>/debug like stackrun does.
        let found = RecipePath.standardDirectory(executable: Fixtures.stackrunBinary)
        #expect(found == Fixtures.packageRoot + "/scripts/recipes", "\(String(describing: found))")
    }
}
