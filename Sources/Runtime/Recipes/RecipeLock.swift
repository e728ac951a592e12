import JSONValue
import SystemIO

/// `~/.config/stackrun/recipes.lock`: for every recipe `stackrun recipe install` put in the
/// user's recipe directory, where it came from and the commit it is pinned at, so that `recipe
/// update` knows what to fetch and `recipe list` can say which version runs. JSON, written
/// atomically (a temporary file renamed over it), so that a crash never leaves half a file.
public struct RecipeLock: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The git URL or path given to `recipe install`, as given (a path made absolute).
        public var source: String
        /// The ref asked for (a branch, tag or commit); nil: the source's default branch.
        public var ref: String?
        /// The commit it resolved to when installed; nil for a source that is no git repository.
        public var commit: String?
    }

    public let path: String
    public var entries: [String: Entry] = [:]

    /// The lock beside the user's recipe directory (`DIR/../recipes.lock`).
    public init(userDirectory: String) {
        path = POSIXFile.directory(of: userDirectory) + "/recipes.lock"
    }

    /// The lock as the file holds it; an absent file is an empty lock.
    public static func load(userDirectory: String) throws(RecipeInstallFailure) -> RecipeLock {
        var lock = RecipeLock(userDirectory: userDirectory)
        guard POSIXFile.status(lock.path) != nil else { return lock }
        let document: JSON
        do {
            document = try JSON.decode(try POSIXFile.readAll(lock.path))
        } catch {
            throw RecipeInstallFailure("\(lock.path) cannot be read (\(error)); fix or remove it")
        }
        for (name, value) in document["recipes"]?.objectValue?.members ?? [] {
            guard let source = value["source"]?.stringValue else { continue }
            lock.entries[name] = Entry(source: source, ref: value["ref"]?.stringValue, commit: value["commit"]?.stringValue)
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
