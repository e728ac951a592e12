import JSONValue

/// `stackrun recipe show`: a recipe's help, made from its declaration alone, so that it never
/// disagrees with what `run` checks.
public struct RecipeHelp: Sendable {
    public let declaration: RecipeDeclaration
    public let file: RecipeFile

    public init(declaration: RecipeDeclaration, file: RecipeFile) {
        self.declaration = declaration
        self.file = file
    }

    public var text: String {
        var lines = ["\(declaration.name) \(declaration.version): \(declaration.description)",
                     "found: \(file.path) (\(file.origin.rawValue))"]
        if !declaration.services.isEmpty { lines.append("services: \(declaration.services.joined(separator: ", "))") }
        lines.append("")
        if declaration.parameters.isEmpty {
            lines.append("parameters: none")
        } else {
            lines.append("parameters:")
            for parameter in declaration.parameters {
                lines.append("  --param \(parameter.name)=\(parameter.kind.placeholder)  \(Self.terms(of: parameter))")
                lines.append("      \(parameter.description)")
            }
        }
        lines.append("")
        let flags = declaration.capabilities.flags
        lines.append(flags.isEmpty ? "capabilities: none beyond its clouds"
                                   : "capabilities (granted on the command line): \(flags.joined(separator: " "))")
        lines.append("")
        lines.append("example:")
        lines.append("  " + exampleCommandLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `stackrun run NAME --param ...` with each required parameter, and the grants it needs.
    public var exampleCommandLine: String {
        var words = ["stackrun", "run"] + declaration.capabilities.flags.map(Self.quoted) + [declaration.name]
        for parameter in declaration.parameters where parameter.required {
            let value = parameter.allowed?.first.map(Self.argumentText) ?? parameter.kind.placeholder
            words += ["--param", Self.quoted("\(parameter.name)=\(value)")]
        }
        return words.joined(separator: " ")
    }

    static func terms(of parameter: RecipeParameter) -> String {
        var terms = [parameter.kind == .list ? "list of \(parameter.items.rawValue)" : parameter.kind.rawValue]
        if parameter.required { terms.append("required") }
        if let value = parameter.defaultValue { terms.append("default \(RecipeParameter.shown(value))") }
        if let allowed = parameter.allowed { terms.append("one of " + allowed.map(RecipeParameter.shown).joined(separator: ", ")) }
        return "(" + terms.joined(separator: "; ") + ")"
    }

    /// A value as `--param` takes it: a string bare, anything else as JSON.
    static func argumentText(_ value: JSON) -> String { value.stringValue ?? RecipeParameter.shown(value) }

    /// Quoted for a POSIX shell when it holds anything a shell would interpret.
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789-_=.,/:@+%".unicodeScalars.contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
