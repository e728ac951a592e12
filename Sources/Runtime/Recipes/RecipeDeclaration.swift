public import JSONValue

/// What a recipe module declares about itself, read from the table it returns:
///
///     return {
///       name = "network-stack", version = "1.2.0", description = "...",
///       services = {"neutron"},
///       capabilities = {net = {"hooks.example.com"}},
///       params = { cidr = {type = "string", default = "10.0.0.0/24", description = "..."} },
///       run = function(params) ... end,
///     }
///
/// Everything but `run` is data, read here without Lua; every problem is reported at once.
public struct RecipeDeclaration: Sendable, Equatable {
    public var name: String
    public var version: String
    public var description: String
    public var services: [String]
    /// Required parameters first, then the others, each group by name: the order of `recipe
    /// show` and of every message listing them (a Lua table has no order of its own).
    public var parameters: [RecipeParameter]
    public var capabilities: RecipeCapabilities

    /// The fields a declaration may have; any other is a mistake worth naming (`param =`).
    static let fields: Set<String> = ["name", "version", "description", "services", "capabilities", "params", "run"]
    static let knownServices: Set<String> = ["keystone", "nova", "cinder", "neutron", "glance"]

    /// Reads a declaration. `fields` are the table's members except `run`, which the caller
    /// checked is a function (`runIsFunction`).
    public static func read(_ fields: JSONObject, runIsFunction: Bool) -> Result<RecipeDeclaration, DeclarationProblems> {
        var reader = DeclarationReader(fields)
        if !runIsFunction { reader.problems.append("run must be a function (it receives the parameters)") }
        let name = reader.text("name", required: true)
        if let name, !isValidName(name) {
            reader.problems.append("name '\(name)' must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit")
        }
        let declaration = RecipeDeclaration(
            name: name ?? "", version: reader.text("version", required: true) ?? "",
            description: reader.text("description", required: true) ?? "",
            services: reader.services(), parameters: reader.parameters(), capabilities: reader.capabilities())
        for key in fields.keys where !Self.fields.contains(key) {
            reader.problems.append("unknown field '\(key)' (a declaration has \(Self.fields.sorted().joined(separator: ", ")))")
        }
        if reader.problems.isEmpty { return .success(declaration) }
        return .failure(DeclarationProblems(recipe: name, problems: reader.problems))
    }

    /// Recipe names are what a command line and a directory hold: no spaces, no slashes.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isLowercaseAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isLowercaseAlphanumeric || "-_.".unicodeScalars.contains($0) }
    }
}

/// Every problem of one declaration, so that its author fixes them in one go.
public struct DeclarationProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public var recipe: String?
    public var problems: [String]

    public var description: String {
        let subject = recipe.map { "recipe '\($0)'" } ?? "the recipe"
        return "\(subject) has \(problems.count == 1 ? "a declaration problem" : "declaration problems"):"
            + problems.map { "\n  \($0)" }.joined()
    }
}

extension Unicode.Scalar {
    var isLowercaseAlphanumeric: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
}
