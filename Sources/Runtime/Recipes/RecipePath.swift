import SystemIO

/// Where recipes are found by name, first match winning: the project's `./recipes`, each
/// directory of STACKRUN_PATH, the user's `~/.config/stackrun/recipes` (where `recipe install`
/// puts them), then the standard recipes shipped with stackrun. A recipe is `DIR/NAME.lua` or
/// `DIR/NAME/init.lua`, the two forms `require` knows, so that recipes can require each other
/// (and their own helper modules, `NAME.helpers` in `DIR/NAME/helpers.lua`) along the same path.
public struct RecipePath: Sendable, Equatable {
    public enum Origin: String, Sendable {
        case project
        case stackrunPath = "STACKRUN_PATH"
        case user
        case standard
        /// Not found on the path: named by its file on the command line.
        case file
    }

    public struct Entry: Sendable, Equatable {
        public var directory: String
        public var origin: Origin
    }

    public let entries: [Entry]

    /// `standardDirectory` is nil when stackrun's own recipes cannot be found (a binary copied
    /// alone); the others are taken as given, whether they exist or not.
    public init(stackrunPath: String?, userDirectory: String?, standardDirectory: String?) {
        var entries = [Entry(directory: "recipes", origin: .project)]
        for directory in (stackrunPath ?? "").split(separator: ":") where !directory.isEmpty {
            entries.append(Entry(directory: String(directory), origin: .stackrunPath))
        }
        if let userDirectory { entries.append(Entry(directory: userDirectory, origin: .user)) }
        if let standardDirectory { entries.append(Entry(directory: standardDirectory, origin: .standard)) }
        var seen: Set<String> = []
        self.entries = entries.filter { seen.insert(POSIXFile.canonicalPath($0.directory) ?? $0.directory).inserted }
    }

    /// This process's path: STACKRUN_PATH, XDG_CONFIG_HOME (or HOME) and the executable's place.
    public static func forProcess(environment: (String) -> String? = Environment.value) -> RecipePath {
        RecipePath(stackrunPath: environment("STACKRUN_PATH"), userDirectory: userDirectory(environment),
                   standardDirectory: POSIXFile.currentExecutable().flatMap(standardDirectory(executable:)))
    }

    /// `$XDG_CONFIG_HOME/stackrun/recipes`, else `~/.config/stackrun/recipes`.
    public static func userDirectory(_ environment: (String) -> String?) -> String? {
        if let config = environment("XDG_CONFIG_HOME"), config.hasPrefix("/") { return config + "/stackrun/recipes" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.config/stackrun/recipes" }
        return nil
    }

    /// The recipes shipped with stackrun: `PREFIX/share/stackrun/recipes` beside an installed
    /// binary (`PREFIX/bin/stackrun`), or `scripts/recipes` of the source tree a built binary
    /// sits in (`.build/<triple>/debug/stackrun`).
    static func standardDirectory(executable: String) -> String? {
        var directory = POSIXFile.directory(of: executable)
        let installed = directory + "/../share/stackrun/recipes"
        if POSIXFile.status(installed)?.isDirectory == true { return POSIXFile.canonicalPath(installed) }
        for _ in 0..<4 {
            directory = POSIXFile.directory(of: directory)
            if POSIXFile.isRegularFile(directory + "/Package.swift"), POSIXFile.status(directory + "/scripts/recipes")?.isDirectory == true {
                return directory + "/scripts/recipes"
            }
        }
        return nil
    }

    /// The file recipe `name` is, along the path; nil when none has it.
    public func find(_ name: String) -> RecipeFile? {
        guard RecipeDeclaration.isValidName(name) else { return nil }
        for entry in entries {
            if let file = Self.file(named: name, in: entry) { return file }
        }
        return nil
    }

    /// Every recipe file along the path, in path order and by name within a directory; one
    /// that an earlier directory's file of the same name hides is marked as shadowed.
    public func allFiles() -> [RecipeFile] {
        var found: [RecipeFile] = []
        var seen: [String: String] = [:]
        for entry in entries {
            // "a.lua" before "a": the order in which the two forms are tried.
            let names = ((try? POSIXFile.entries(in: entry.directory)) ?? []).sorted {
                ($0.hasSuffix(".lua") ? String($0.dropLast(4)) : $0, $0.hasSuffix(".lua") ? 0 : 1)
                    < ($1.hasSuffix(".lua") ? String($1.dropLast(4)) : $1, $1.hasSuffix(".lua") ? 0 : 1)
            }
            for item in names {
                let name = item.hasSuffix(".lua") ? String(item.dropLast(4)) : item
                // Both forms are listed when both exist: NAME.lua wins over NAME/init.lua.
                let path = item.hasSuffix(".lua") ? "\(entry.directory)/\(item)" : "\(entry.directory)/\(item)/init.lua"
                guard RecipeDeclaration.isValidName(name), POSIXFile.isRegularFile(path, readable: true) else { continue }
                var file = RecipeFile(name: name, path: path, origin: entry.origin)
                file.shadowedBy = seen[name]
                if seen[name] == nil { seen[name] = file.path }
                found.append(file)
            }
        }
        return found
    }

    private static func file(named name: String, in entry: Entry) -> RecipeFile? {
        for candidate in ["\(entry.directory)/\(name).lua", "\(entry.directory)/\(name)/init.lua"]
        where POSIXFile.isRegularFile(candidate, readable: true) {
            return RecipeFile(name: name, path: candidate, origin: entry.origin)
        }
        return nil
    }
}

/// A recipe's file on the path, before it is loaded.
public struct RecipeFile: Sendable, Equatable {
    public var name: String
    public var path: String
    public var origin: RecipePath.Origin
    /// The file that wins over this one, found earlier on the path.
    public var shadowedBy: String?

    public init(name: String, path: String, origin: RecipePath.Origin, shadowedBy: String? = nil) {
        self.name = name
        self.path = path
        self.origin = origin
        self.shadowedBy = shadowedBy
    }

    /// The name its declaration must carry: the one it was found by on the path.
    public var expectedName: String? { origin == .file ? nil : name }
}
