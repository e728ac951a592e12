public import JSONValue
import OpenStack
import SystemIO

/// The parameters a command line gives a recipe, after its name: `--param key=value` (or
/// `--param=key=value`), repeatable, and `--params-file FILE` (JSON, or YAML by its
/// extension), whose values the `--param`s override. Validating them against a declaration
/// reports every problem at once, each with the parameter's description.
public struct RecipeArguments: Sendable, Equatable {
    /// `--param` pairs in command-line order.
    public var pairs: [(key: String, value: String)] = []
    public var file: String?
    /// Values given as such, typed (`recipe.run(name, {count = 3})` from Lua): checked like a
    /// parameters file's.
    public var values: JSONObject?

    public init(pairs: [(key: String, value: String)] = [], file: String? = nil) {
        self.pairs = pairs
        self.file = file
    }

    public static func == (lhs: RecipeArguments, rhs: RecipeArguments) -> Bool {
        lhs.file == rhs.file && lhs.values == rhs.values && lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }

    /// Reads the arguments that follow a recipe's name. Anything else there is a usage error:
    /// a recipe takes its input as named parameters only.
    public static func parse(_ arguments: [String]) -> Result<RecipeArguments, UsageProblem> {
        var parsed = RecipeArguments()
        var problems: [String] = []
        var index = 0
        func value(of option: String) -> String? {
            if arguments[index].hasPrefix(option + "=") { return String(arguments[index].dropFirst(option.count + 1)) }
            guard arguments[index] == option, index + 1 < arguments.count else { return nil }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--param" || argument.hasPrefix("--param=") {
                if let pair = value(of: "--param"), let equals = pair.firstIndex(of: "="), equals != pair.startIndex {
                    parsed.pairs.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
                } else {
                    problems.append("--param needs key=value" + (index < arguments.count && arguments[index] != "--param" ? ", got '\(arguments[index])'" : ""))
                }
            } else if argument == "--params-file" || argument.hasPrefix("--params-file=") {
                if let path = value(of: "--params-file") {
                    if parsed.file != nil { problems.append("--params-file may be given once") } else { parsed.file = path }
                } else {
                    problems.append("--params-file needs a file")
                }
            } else {
                let hint = argument.hasPrefix("-") ? " (stackrun's own options go before the recipe's name)" : ""
                problems.append("a recipe takes --param key=value and --params-file FILE after its name, not '\(argument)'\(hint)")
            }
            index += 1
        }
        return problems.isEmpty ? .success(parsed) : .failure(UsageProblem(problems.joined(separator: "\n  ")))
    }

    /// The parameters `run` receives: every declared one that has a value (given or default),
    /// or every problem found.
    public func validate(against declaration: RecipeDeclaration) -> Result<JSONObject, ParameterProblems> {
        var problems: [ParameterProblem] = []
        var given: [String: JSON] = [:]
        var fileIsYAML = false
        for (key, value) in values?.members ?? [] { given[key] = value }
        if let file {
            switch Self.read(file) {
            case .success(let read):
                for (key, value) in read.object.members { given[key] = value }
                fileIsYAML = read.isYAML
            case .failure(let problem): problems.append(problem)
            }
        }
        let declared = Dictionary(uniqueKeysWithValues: declaration.parameters.map { ($0.name, $0) })
        var fromCommandLine: [String: JSON] = [:]
        for (key, text) in pairs {
            guard let parameter = declared[key] else { continue }
            switch parameter.value(fromArgument: text) {
            case .success(let value):
                if parameter.kind == .list, case .array(let earlier)? = fromCommandLine[key], case .array(let more) = value {
                    fromCommandLine[key] = .array(earlier + more)   // a repeated list --param adds items
                } else if fromCommandLine[key] != nil {
                    problems.append(parameter.problem("is given twice on the command line"))
                } else {
                    fromCommandLine[key] = value
                }
            case .failure(let problem): problems.append(problem)
            }
        }
        let names = declaration.parameters.map(\.name)
        for key in Set(given.keys).union(pairs.map(\.key)).sorted() where declared[key] == nil {
            let hint = ModuleNames.closest(to: key, among: names).first.map { " (did you mean '\($0)'?)" } ?? ""
            let known = names.isEmpty ? "it declares none" : "it declares \(names.joined(separator: ", "))"
            problems.append(ParameterProblem(parameter: key, message: "recipe '\(declaration.name)' has no such parameter\(hint); \(known)", purpose: ""))
        }
        var values = JSONObject()
        for parameter in declaration.parameters {
            if let value = fromCommandLine[parameter.name] {
                values[parameter.name] = value
            } else if let value = given[parameter.name] {
                // YAML leaves decimals as text (our reader keeps "2.10" a string for clouds.yaml's
                // microversions): a number's text is read as --param would read it.
                let fromText = fileIsYAML && [.number, .integer].contains(parameter.kind) ? value.stringValue : nil
                switch fromText.map(parameter.value(fromArgument:)) ?? parameter.check(value) {
                case .success(let fitted): values[parameter.name] = fitted
                case .failure(let problem): problems.append(problem)
                }
            } else if let value = parameter.defaultValue {
                values[parameter.name] = value
            } else if parameter.required {
                problems.append(parameter.problem("is required: --param \(parameter.name)=\(parameter.kind.placeholder)"))
            }
        }
        if problems.isEmpty { return .success(values) }
        // In the order of the declaration (required ones first), the file's own problem before
        // them and names the recipe does not declare after them.
        let rank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0 + 1) })
        let ordered = problems.enumerated().sorted { a, b in
            let (left, right) = (rank[a.element.parameter] ?? (a.element.parameter == "--params-file" ? 0 : Int.max),
                                 rank[b.element.parameter] ?? (b.element.parameter == "--params-file" ? 0 : Int.max))
            return (left, a.offset) < (right, b.offset)
        }.map(\.element)
        return .failure(ParameterProblems(recipe: declaration.name, problems: ordered))
    }

    static func read(_ path: String) -> Result<(object: JSONObject, isYAML: Bool), ParameterProblem> {
        func problem(_ text: String) -> ParameterProblem { ParameterProblem(parameter: "--params-file", message: text, purpose: "") }
        let bytes: [UInt8]
        do { bytes = try FileAccess.read(path) } catch { return .failure(problem("\(error)")) }
        let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
        let document: JSON
        do {
            document = isYAML ? try YAML.decode(bytes, name: path) : try JSON.decode(bytes)
        } catch {
            return .failure(problem("\(path) is not valid \(isYAML ? "YAML" : "JSON"): \(error)"))
        }
        guard let object = DeclarationReader.table(document) else {
            return .failure(problem("\(path) must hold an object of parameters by name, got \(document.kindName)"))
        }
        return .success((object, isYAML))
    }
}

/// Every problem with the parameters given to one recipe.
public struct ParameterProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public var recipe: String
    public var problems: [ParameterProblem]

    public var description: String {
        "recipe '\(recipe)': \(problems.count) parameter problem\(problems.count == 1 ? "" : "s"):"
            + problems.map { "\n  \($0)" + ($0.purpose.isEmpty ? "" : "\n      (\($0.purpose))") }.joined()
    }
}

/// A command line a recipe cannot take.
public struct UsageProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension RecipeParameter.Kind {
    var placeholder: String {
        switch self {
        case .string: "TEXT"
        case .integer: "N"
        case .number: "NUMBER"
        case .boolean: "true|false"
        case .list: "A,B"
        case .map: "KEY=VALUE,..."
        }
    }
}
