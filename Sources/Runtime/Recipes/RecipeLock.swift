import JSONValue
import SystemIO

/// `~/.config/stackrun/recipes.lock` (or a project's `./stackrun.lock`, for recipes installed
/// into its `./recipes` with `--project`): for every installed recipe, where it came from, the
/// commit it is pinned at and the SHA-256 of each of its files, so that `recipe update` knows
/// what to fetch, `recipe list` can say which version runs, and a run refuses files that
/// changed since. JSON, written atomically (a temporary file renamed over it), so that a crash
/// never leaves half a file.
public struct RecipeLock: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The git URL or path given to `recipe install`, as given (a path made absolute).
        public var source: String
        /// The ref asked for (a branch, tag or commit); nil: the source's default branch.
        public var ref: String?
        /// The commit it resolved to when installed.
        public var commit: String?
        /// Its files as installed; nil in a lock written before hashes were kept.
        public var files: RecipeFiles?
    }

    public let path: String
    public var entries: [String: Entry] = [:]

    public init(path: String) { self.path = path }

    /// The lock beside the user's recipe directory (`DIR/../recipes.lock`).
    public static func forUser(directory: String) -> RecipeLock {
        RecipeLock(path: POSIXFile.directory(of: directory) + "/recipes.lock")
    }

    /// The lock as the file at `path` holds it; an absent file is an empty lock.
    public static func load(_ path: String) throws(RecipeInstallFailure) -> RecipeLock {
        var lock = RecipeLock(path: path)
        guard POSIXFile.status(lock.path) != nil else { return lock }
        let document: JSON
        do {
            document = try JSON.decode(try POSIXFile.readAll(lock.path))
        } catch {
            throw RecipeInstallFailure("\(lock.path) cannot be read (\(error)); fix or remove it")
        }
        for (name, value) in document["recipes"]?.objectValue?.members ?? [] {
            // A lock may come with a cloned project: a name that is not a recipe's ("../x")
            // would let `recipe remove` reach outside the recipe directory.
            guard RecipeDeclaration.isValidName(name) else {
                throw RecipeInstallFailure("\(lock.path) names a recipe '\(name)', which is no recipe name; fix or remove that entry")
            }
            guard let source = value["source"]?.stringValue else { continue }
            let files = value["files"]?.objectValue.map { object in
                RecipeFiles(digests: Dictionary(object.members.compactMap { member in member.value.stringValue.map { (member.key, $0) } },
                                                uniquingKeysWith: { $1 }))
            }
            lock.entries[name] = Entry(source: source, ref: value["ref"]?.stringValue, commit: value["commit"]?.stringValue, files: files)
        }
        return lock
    }

    public func save() throws(RecipeInstallFailure) {
        var recipes = JSONObject()
        for name in entries.keys.sorted() {
            let entry = entries[name]!
            var fields = JSONObject()
            fields["source"] = JSON(entry.source)
            if let ref = entry.ref { fields["ref"] = JSON(ref) }
            if let commit = entry.commit { fields["commit"] = JSON(commit) }
            if let files = entry.files {
                fields["sha256"] = JSON(files.treeDigest)
                fields["files"] = .object(JSONObject(files.digests.keys.sorted().map { ($0, JSON(files.digests[$0]!)) }))
            }
            recipes[name] = .object(fields)
        }
        do {
            let writer = try AtomicFileWriter(path: path, permissions: 0o644)
            try writer.write(try JSON.object(JSONObject([("recipes", .object(recipes))])).encoded(indent: 2) + [0x0A])
            try writer.commit()
        } catch {
            throw RecipeInstallFailure("cannot write \(path): \(error)")
        }
    }
}

/// Why `recipe install`, `update` or `remove` did nothing.
public struct RecipeInstallFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
