import SystemIO

/// The files of an installed recipe, each with its SHA-256: what recipes.lock records at
/// install, and what a run compares before it uses the recipe, so that a file changed after
/// install (by hand, by another tool, by an attacker with write access to the home directory)
/// is refused by name rather than run. `.git` is left out: git rewrites it on its own.
public struct RecipeFiles: Sendable, Equatable {
    /// Relative path → lowercase hex SHA-256.
    public var digests: [String: String]

    public init(digests: [String: String]) { self.digests = digests }

    /// Every regular file under `directory`. A symbolic link is recorded as its target's text,
    /// so that pointing it elsewhere is a change too, and must stay inside the recipe: a link to
    /// a file outside would let that file change unseen.
    public static func read(_ directory: String) throws(RecipeInstallFailure) -> RecipeFiles {
        var digests: [String: String] = [:]
        let root = POSIXFile.canonicalPath(directory) ?? directory
        func walk(_ relative: String) throws(RecipeInstallFailure) {
            let path = relative.isEmpty ? directory : directory + "/" + relative
            let names: [String]
            do { names = try POSIXFile.entries(in: path) } catch { throw RecipeInstallFailure("cannot list \(path): \(error)") }
            for name in names.sorted() where !(relative.isEmpty && name == ".git") {
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = directory + "/" + child
                if let target = POSIXFile.linkTarget(full) {
                    guard let resolved = POSIXFile.canonicalPath(full), POSIXFile.path(resolved, isWithin: root) else {
                        throw RecipeInstallFailure("\(full) is a link to \(target), outside the recipe: its files must be its own")
                    }
                    digests[child] = SHA256.hex("symlink:" + target)
                } else if POSIXFile.status(full)?.isDirectory == true {
                    try walk(child)
                } else {
                    do { digests[child] = SHA256.hex(bytes: try POSIXFile.readAll(full)) } catch {
                        throw RecipeInstallFailure("cannot read \(full): \(error)")
                    }
                }
            }
        }
        try walk("")
        return RecipeFiles(digests: digests)
    }

    /// One SHA-256 for the whole set: of each path and digest, in path order.
    public var treeDigest: String {
        SHA256.hex(digests.keys.sorted().map { "\($0)\u{0}\(digests[$0]!)\n" }.joined())
    }

    /// What differs in `current` from these, recorded ones: "x.lua changed", "y.lua added"...
    public func changes(in current: RecipeFiles) -> [String] {
        let paths = Set(digests.keys).union(current.digests.keys).sorted()
        return paths.compactMap { path in
            switch (digests[path], current.digests[path]) {
            case (nil, _?): "\(path) added"
            case (_?, nil): "\(path) removed"
            case let (old?, new?) where old != new: "\(path) changed"
            default: nil
            }
        }
    }
}
