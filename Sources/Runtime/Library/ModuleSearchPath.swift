/// Where `require "name"` looks, in order: the script's directory (a script and its helpers
/// travel together), the current directory, then the recipe path (RecipePath: `./recipes`,
/// each directory of STACKRUN_PATH, the user's recipes, the standard ones), so that recipes
/// build on each other. This one type computes the list; the Lua `package.path` starts as its
/// templates, and the module finder expands whatever `package.path` holds with it.
public struct ModuleSearchPath: Sendable, Equatable {
    /// The directories, first searched first, each once.
    public let directories: [String]

    /// `scriptDirectory` is nil for source run without a file.
    public init(scriptDirectory: String?, recipePath: RecipePath) {
        var ordered: [String] = []
        if let scriptDirectory { ordered.append(scriptDirectory) }
        ordered.append(".")
        ordered += recipePath.entries.map(\.directory)
        var seen: Set<String> = []
        directories = ordered.filter { seen.insert(Self.normalized($0)).inserted }
    }

    /// `package.path` as Lua writes it: `dir/?.lua;dir/?/init.lua` per directory.
    public var packagePath: String {
        directories.map { "\($0)/?.lua;\($0)/?/init.lua" }.joined(separator: ";")
    }

    /// The files a module name stands for along `packagePath` (templates separated by ';',
    /// '?' standing for the name with dots as slashes), in the order they are tried.
    public static func candidates(for name: String, along packagePath: String) -> [String] {
        let relative = name.replacing(".", with: "/")
        return packagePath.split(separator: ";").filter { !$0.isEmpty }.map { String($0).replacing("?", with: relative) }
    }

    /// "a/./" and "a" name the same directory; the script run as `./job.lua` lives in ".".
    private static func normalized(_ directory: String) -> String {
        var text = directory
        while text.hasSuffix("/") && text.count > 1 { text.removeLast() }
        while text.hasSuffix("/.") { text.removeLast(2) }
        return text.isEmpty ? "/" : text
    }
}
