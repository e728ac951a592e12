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
        subcommands: [RecipeList.self, RecipeShow.self])
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
        var rows = [["NAME", "VERSION", "WHERE", "DESCRIPTION"]]
        for (file, result) in loaded {
            let place = "\(file.origin.rawValue): \(file.path)" + (file.shadowedBy.map { " (shadowed by \($0))" } ?? "")
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
            throw ExitCode(ExitStatus.scriptError.rawValue)
        }
    }
}
