import ArgumentParser
import Runtime
import Transport

struct RecipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipe",
        abstract: "List, show, install and update recipes: Lua modules with declared parameters, run by name.",
        discussion: """
            Recipes are found along the recipe path, the first match winning: ./recipes, each \
            directory of STACKRUN_PATH, ~/.config/stackrun/recipes (where `recipe install` puts \
            them), then the standard recipes shipped with stackrun.

            Examples:
              stackrun recipe list
              stackrun recipe show network-stack
              stackrun run network-stack --param name=web --param cidr=10.20.0.0/24
            """,
        subcommands: [RecipeList.self, RecipeShow.self, RecipeInstall.self, RecipeUpdate.self, RecipeRemove.self])
}

struct RecipeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the recipes along the recipe path: name, version, description, where found.",
        discussion: "A recipe hidden by one of the same name earlier on the path is listed as shadowed.")

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let files = RecipePath.forProcess().allFiles()
        let loaded = EventLoop.shared.runBlocking { @LoopActor in
            var results: [(RecipeFile, Result<RecipeDeclaration, RecipeLoadFailure>)] = []
            for file in files { results.append((file, await Runtime.declaration(of: file))) }
            return results
        }
        let installed = RecipePath.userDirectory(Environment.value).flatMap { try? RecipeLock.load(RecipeLock.forUser(directory: $0).path) }
        let projectInstalled = try? RecipeLock.load(InstalledRecipes.projectLockPath)
        var rows = [["NAME", "VERSION", "WHERE", "DESCRIPTION"]]
        for (file, result) in loaded {
            var place = "\(file.origin.rawValue): \(file.path)"
            let lock = file.origin == .user ? installed : file.origin == .project ? projectInstalled : nil
            // Only the installed tree is at that commit, not a NAME.lua beside it.
            if file.path.hasSuffix("/\(file.name)/init.lua"), let commit = lock?.entries[file.name]?.commit { place += " @ \(commit.prefix(12))" }
            if let winner = file.shadowedBy { place += " (shadowed by \(winner))" }
            switch result {
            case .success(let declaration): rows.append([file.name, declaration.version, place, declaration.description])
            case .failure(let failure): rows.append([file.name, "?", place, "cannot be read: \(Self.oneLine(failure.description))"])
            }
        }
        if loaded.isEmpty {
            Diagnostics(format: logging.format).notice("no recipes found along the recipe path")
            return
        }
        print(Table.render(rows), terminator: "")
    }

    /// A message of several lines (every problem of a declaration) on one row of the table.
    static func oneLine(_ text: String) -> String {
        text.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: " ")
    }
}

struct RecipeShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a recipe's help: its description, parameters, capabilities and an example command line.")

    @Argument(help: "The recipe's name, or its file.")
    var recipe: String

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let diagnostics = Diagnostics(format: logging.format)
        guard let file = RecipeLookup.file(for: recipe) else {
            diagnostics.error(RecipeLookup.notFound(recipe))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let result = EventLoop.shared.runBlocking { @LoopActor in await Runtime.declaration(of: file) }
        switch result {
        case .success(let declaration):
            print(RecipeHelp(declaration: declaration, file: file).text, terminator: "")
        case .failure(let failure):
            diagnostics.error("\(file.path): \(failure)")
            throw ExitCode(failure.status == .success ? ExitStatus.scriptError.rawValue : failure.status.rawValue)
        }
    }
}

struct RecipeInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a recipe from a git repository (a URL or a local path) into ~/.config/stackrun/recipes, pinned at a commit.",
        discussion: """
            The repository holds one recipe: its init.lua at the top, helper modules beside it \
            (required as NAME.helper). It is installed as the name its declaration gives, at the \
            commit --ref resolves to (a branch, tag or commit; the default branch without it), \
            recorded in ~/.config/stackrun/recipes.lock.

            Example:
              stackrun recipe install https://git.example.com/ops/network-stack.git --ref v1.2.0
            """)

    @Argument(help: "A git URL, or the path of a local git repository.")
    var source: String

    @Option(help: "The branch, tag or commit to install (default: the default branch).")
    var ref: String?

    @Flag(help: "Install into this project's ./recipes and record it in ./stackrun.lock, rather than for the user.")
    var project = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        try RecipeInstallation.perform(logging, project: project) { installer in
            let outcome = try await installer.install(source: source, ref: ref)
            return "installed \(outcome.name) \(outcome.version) at \(outcome.entry.commit ?? "?") into \(outcome.path)"
        }
    }
}

struct RecipeUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch an installed recipe again, at its ref or at a new --ref, and pin the new commit.")

    @Argument(help: "The installed recipe's name.")
    var name: String

    @Option(help: "A new branch, tag or commit to follow from now on.")
    var ref: String?

    @Flag(help: "The recipe installed into this project's ./recipes (./stackrun.lock).")
    var project = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        try RecipeInstallation.perform(logging, project: project) { installer in
            let outcome = try await installer.update(name: name, ref: ref)
            let commit = outcome.entry.commit ?? "?"
            if outcome.previousCommit == commit { return "\(outcome.name) is already at \(commit)" }
            return "updated \(outcome.name) to \(outcome.version) at \(commit) (was \(outcome.previousCommit ?? "?"))"
        }
    }
}

struct RecipeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a recipe that `recipe install` installed.")

    @Argument(help: "The installed recipe's name.")
    var name: String

    @Flag(help: "The recipe installed into this project's ./recipes (./stackrun.lock).")
    var project = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        try RecipeInstallation.perform(logging, project: project) { installer in "removed \(name) (\(try installer.remove(name: name)))" }
    }
}

/// Runs an install, update or removal; its outcome goes to stdout, its failure to stderr
/// with exit status 1.
enum RecipeInstallation {
    static func perform(_ logging: LoggingOptions, project: Bool,
                        _ body: @escaping @LoopActor (RecipeInstaller) async throws -> String) throws {
        let place: (directory: String, lock: String)
        if project {
            place = (InstalledRecipes.projectDirectory, InstalledRecipes.projectLockPath)
        } else if let directory = RecipePath.userDirectory(Environment.value) {
            place = (directory, RecipeLock.forUser(directory: directory).path)
        } else {
            Diagnostics(format: logging.format).error("neither XDG_CONFIG_HOME nor HOME is set: there is no user recipe directory")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let result = EventLoop.shared.runBlocking { @LoopActor () -> Result<String, RecipeInstallFailure> in
            do { return .success(try await body(RecipeInstaller(directory: place.directory, lockPath: place.lock, project: project))) } catch {
                return .failure(error as? RecipeInstallFailure ?? RecipeInstallFailure("\(error)"))
            }
        }
        switch result {
        case .success(let line): print(line)
        case .failure(let failure):
            Diagnostics(format: logging.format).error(failure.description)
            throw ExitCode(ExitStatus.scriptError.rawValue)
        }
    }
}
