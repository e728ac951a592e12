import Runtime
import SystemIO

/// What `stackrun run X` and `stackrun recipe show X` mean by X: a file when one exists at that
/// path (so `./deploy.lua` and `jobs/x.lua` run as before), else a recipe's name along the
/// recipe path.
enum RecipeLookup {
    static func file(for argument: String, path: RecipePath = .forProcess()) -> RecipeFile? {
        if POSIXFile.isRegularFile(argument) {
            let name = argument.split(separator: "/").last.map(String.init) ?? argument
            return RecipeFile(name: name.hasSuffix(".lua") ? String(name.dropLast(4)) : name, path: argument, origin: .file)
        }
        return path.find(argument)
    }

    /// Whether X can only be meant as a recipe's name: no such file, and a valid name.
    static func isRecipeName(_ argument: String) -> Bool {
        !POSIXFile.isRegularFile(argument) && !argument.hasSuffix(".lua") && RecipeDeclaration.isValidName(argument)
    }

    static func notFound(_ argument: String, path: RecipePath = .forProcess()) -> String {
        "no file and no recipe named '\(argument)'; recipes are looked for in "
            + path.entries.map { "\($0.directory) (\($0.origin.rawValue))" }.joined(separator: ", ")
    }
}
