import Glibc
import Testing

/// `recipe install`, `update` and `remove` with a local git repository: pinned at the commit a
/// tag resolved to, listed with it, updated to a branch's head, removed with its lock entry.
@Suite(.exclusive) struct RecipeInstallTests {
    static let git = ["/usr/bin/git", "-c", "user.email=tests@stackrun.invalid", "-c", "user.name=tests", "-c", "init.defaultBranch=main"]

    static func commit(_ repository: TemporaryDirectory, version: String, helper: String) async throws -> String {
        try repository.write("init.lua", """
            return {name = "pinned", version = "\(version)", description = "A recipe from git",
              run = function() return require("pinned.helper").text end}
            """)
        try repository.write("helper.lua", "return {text = \"\(helper)\"}\n")
        try await run(git + ["-C", repository.path, "add", "-A"])
        try await run(git + ["-C", repository.path, "commit", "-q", "-m", version])
        return String(try await run(git + ["-C", repository.path, "rev-parse", "HEAD"]).prefix(40))
    }

    @Test func aRecipeIsInstalledPinnedUpdatedAndRemoved() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let repository = try TemporaryDirectory("recipe-repo")
        defer { repository.remove() }
        try await run(Self.git + ["init", "-q", repository.path])
        let first = try await Self.commit(repository, version: "1.0.0", helper: "first")
        try await run(Self.git + ["-C", repository.path, "tag", "v1"])
        let second = try await Self.commit(repository, version: "2.0.0", helper: "second")

        let (installed, out, err) = try await project.stackrun(["recipe", "install", repository.path, "--ref", "v1"])
        #expect(installed == 0 && out.hasPrefix("installed pinned 1.0.0 at \(first) into "), "\(out)\(err)")
        let (_, listed, _) = try await project.stackrun(["recipe", "list"])
        // Field by field: the columns are as wide as the longest name listed, the standard recipes' included.
        let row = listed.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == "pinned" }
        #expect(row.map { Array($0.prefix(6)) } == ["pinned", "1.0.0", "user:", "\(project.root.file("config"))/stackrun/recipes/pinned/init.lua",
                                                    "@", String(first.prefix(12))], "\(listed)")
        // The module beside init.lua is required as pinned.helper, at the pinned commit.
        #expect(try await project.stackrun(["run", "pinned"]).1 == "\"first\"\n")
        let lock = try readFile(project.root.file("config/stackrun/recipes.lock"))
        #expect(lock.contains("\"commit\": \"\(first)\"") && lock.contains("\"ref\": \"v1\""), "\(lock)")

        let (again, _, againErr) = try await project.stackrun(["recipe", "install", repository.path])
        #expect(again == 1 && againErr.contains("recipe 'pinned' is already installed"), "\(againErr)")

        let (updated, updateOut, updateErr) = try await project.stackrun(["recipe", "update", "pinned", "--ref", "main"])
        #expect(updated == 0 && updateOut == "updated pinned to 2.0.0 at \(second) (was \(first))\n", "\(updateOut)\(updateErr)")
        #expect(try await project.stackrun(["run", "pinned"]).1 == "\"second\"\n")
        #expect(try await project.stackrun(["recipe", "update", "pinned"]).1 == "pinned is already at \(second)\n")

        let (removed, _, _) = try await project.stackrun(["recipe", "remove", "pinned"])
        #expect(removed == 0 && POSIXStatus.exists(project.root.file("config/stackrun/recipes/pinned")) == false)
        #expect(try readFile(project.root.file("config/stackrun/recipes.lock")).contains("pinned") == false)
        let (gone, _, goneErr) = try await project.stackrun(["run", "pinned"])
        #expect(gone == 2 && goneErr.contains("no file and no recipe named 'pinned'"), "\(goneErr)")
    }

    @Test func anInstalledRecipeWhoseFilesChangedIsRefused() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let repository = try TemporaryDirectory("recipe-repo")
        defer { repository.remove() }
        try await run(Self.git + ["init", "-q", repository.path])
        let commit = try await Self.commit(repository, version: "1.0.0", helper: "first")
        // Into the project this time: ./recipes/pinned, pinned by ./stackrun.lock.
        let (installed, _, installErr) = try await project.stackrun(["recipe", "install", "--project", repository.path])
        #expect(installed == 0, "\(installErr)")
        let lock = try readFile(project.root.file("stackrun.lock"))
        #expect(lock.contains("\"commit\": \"\(commit)\"") && lock.contains("\"helper.lua\": \"") && lock.contains("\"sha256\": \""), "\(lock)")
        #expect(try await project.stackrun(["recipe", "list"]).1.contains("project: recipes/pinned/init.lua @ \(commit.prefix(12))"))
        #expect(try await project.stackrun(["run", "pinned"]).1 == "\"first\"\n")

        // A module changed after install: the run refuses it when it is required, by name.
        try project.write("recipes/pinned/helper.lua", "return {text = \"tampered\"}\n")
        try project.write("recipes/pinned/extra.lua", "return 1\n")
        let (refused, stdout, stderr) = try await project.stackrun(["run", "pinned"])
        #expect(refused == 65 && stdout.isEmpty, "\(stdout)\(stderr)")
        #expect(stderr.contains("recipe 'pinned' in \(project.root.path)/recipes/pinned no longer matches \(project.root.path)/stackrun.lock: "
            + "extra.lua added, helper.lua changed"), "\(stderr)")
        #expect(!stderr.contains("tampered"))
        // Updating fetches it again: the files match the lock once more.
        let (updated, _, updateErr) = try await project.stackrun(["recipe", "update", "--project", "pinned"])
        #expect(updated == 0, "\(updateErr)")
        #expect(try await project.stackrun(["run", "pinned"]).1 == "\"first\"\n")
    }

    @Test func aFailedInstallLeavesNothingBehind() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let repository = try TemporaryDirectory("recipe-repo")
        defer { repository.remove() }
        try await run(Self.git + ["init", "-q", repository.path])
        _ = try await Self.commit(repository, version: "1.0.0", helper: "x")
        let (noRef, _, noRefErr) = try await project.stackrun(["recipe", "install", repository.path, "--ref", "v9"])
        #expect(noRef == 1 && noRefErr.contains("has no branch, tag or commit 'v9'"), "\(noRefErr)")
        let (secret, _, secretErr) = try await project.stackrun(["recipe", "install", "https://user:hunter2@git.example.com/r.git"])
        #expect(secret == 1 && secretErr.contains("the source URL holds a password or a token") && !secretErr.contains("hunter2"), "\(secretErr)")
        #expect(TemporaryDirectory(fixedPath: project.root.file("config/stackrun/recipes")).list() == [".install.lock"])
    }
}

/// What the review of the installer found: installs at once, names from a lock, files beside
/// or outside an installed recipe, URLs with and without secrets.
@Suite(.exclusive) struct RecipeInstallGuardTests {
    static func repository(named name: String) async throws -> TemporaryDirectory {
        let repository = try TemporaryDirectory("recipe-repo")
        try await run(RecipeInstallTests.git + ["init", "-q", repository.path])
        try repository.write("init.lua", "return {name = '\(name)', version = '1', description = 'd', run = function() return '\(name)' end}\n")
        try await run(RecipeInstallTests.git + ["-C", repository.path, "add", "-A"])
        try await run(RecipeInstallTests.git + ["-C", repository.path, "commit", "-q", "-m", "one"])
        return repository
    }

    @Test func installsRunningAtOnceAllLandInTheLock() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let names = ["ra", "rb", "rc", "rd", "re", "rf"]
        var repositories: [TemporaryDirectory] = []
        for name in names { repositories.append(try await Self.repository(named: name)) }
        defer { repositories.forEach { $0.remove() } }
        let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
            for repository in repositories { group.addTask { try await project.stackrun(["recipe", "install", repository.path]).0 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 0, count: names.count))
        let lock = try readFile(project.root.file("config/stackrun/recipes.lock"))
        for name in names { #expect(lock.contains("\"\(name)\": {"), "\(name) is missing from the lock:\n\(lock)") }
    }

    @Test func aLockEntryThatIsNoRecipeNameIsRefused() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        mkdir(project.root.file("victim"), 0o755)
        try project.write("stackrun.lock", "{\"recipes\": {\"../victim\": {\"source\": \"/x\"}}}")
        let (status, _, stderr) = try await project.stackrun(["recipe", "remove", "--project", "../victim"])
        #expect(status == 1 && stderr.contains("names a recipe '../victim', which is no recipe name"), "\(stderr)")
        #expect(POSIXStatus.exists(project.root.file("victim")))
    }

    @Test func aFileBesideAnInstalledRecipeOrALinkOutOfItIsRefused() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let repository = try await Self.repository(named: "net")
        defer { repository.remove() }
        #expect(try await project.stackrun(["recipe", "install", repository.path]).0 == 0)
        try project.write("config/stackrun/recipes/net.lua", "return {name = 'net', version = '9', description = 'd', run = function() return 'impostor' end}")
        let (status, stdout, stderr) = try await project.stackrun(["run", "net"])
        #expect(status == 65 && stdout.isEmpty && stderr.contains("sits beside the installed recipe 'net'"), "\(stdout)\(stderr)")

        let linked = try await Self.repository(named: "linked")
        defer { linked.remove() }
        try project.write("outside.lua", "return 1")
        symlink(project.root.file("outside.lua"), linked.file("helper.lua"))
        try await run(RecipeInstallTests.git + ["-C", linked.path, "add", "-A"])
        try await run(RecipeInstallTests.git + ["-C", linked.path, "commit", "-q", "-m", "link"])
        let (refused, _, refusedErr) = try await project.stackrun(["recipe", "install", linked.path])
        #expect(refused == 1 && refusedErr.contains("outside the recipe"), "\(refusedErr)")
        #expect(!POSIXStatus.exists(project.root.file("config/stackrun/recipes/linked")))
    }

    @Test func aUserInTheURLIsNoSecretButAPasswordOrATokenIs() async throws {
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        let (ssh, _, sshErr) = try await project.stackrun(["recipe", "install", "ssh://git@127.0.0.1:9/none.git"])
        #expect(ssh == 1 && sshErr.contains("git could not clone ssh://git@127.0.0.1:9/none.git"), "\(sshErr)")
        let (token, _, tokenErr) = try await project.stackrun(["recipe", "install", "https://git.example.com/r.git?private_token=t0ps3cret"])
        #expect(token == 1 && tokenErr.contains("holds a password or a token") && !tokenErr.contains("t0ps3cret"), "\(tokenErr)")
    }
}

enum POSIXStatus {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
