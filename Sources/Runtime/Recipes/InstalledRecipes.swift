import SystemIO

/// Where installed recipes live and which lock pins them: the user's recipe directory with
/// `recipes.lock` beside it, and a project's `./recipes` with `./stackrun.lock`. Before a run
/// uses a file of an installed recipe (the recipe itself, or a module required from it), the
/// recipe's files are compared with the hashes its lock recorded, once per run.
public enum InstalledRecipes {
    public static var projectDirectory: String { workingDirectory + "/recipes" }
    public static var projectLockPath: String { workingDirectory + "/stackrun.lock" }

    private static var workingDirectory: String { POSIXFile.canonicalPath(".") ?? "." }

    /// (recipe directory, lock file) pairs, canonical; the user's needs XDG_CONFIG_HOME or HOME.
    static func places(environment: (String) -> String?) -> [(directory: String, lock: String)] {
        var places = [(projectDirectory, projectLockPath)]
        if let user = RecipePath.userDirectory(environment) {
            places.append((POSIXFile.canonicalPath(user) ?? user, RecipeLock.forUser(directory: user).path))
        }
        return places
    }

    /// The installed recipe `canonicalPath` belongs to: its name, directory and lock entry.
    static func owner(of canonicalPath: String, environment: (String) -> String?)
        -> (name: String, directory: String, lock: String, entry: RecipeLock.Entry)? {
        for place in places(environment: environment) where POSIXFile.path(canonicalPath, isWithin: place.directory) {
            let relative = canonicalPath.dropFirst(place.directory.count + 1)
            guard let slash = relative.firstIndex(of: "/") else { continue }   // DIR/NAME.lua is never installed
            let name = String(relative[..<slash])
            guard let lock = try? RecipeLock.load(place.lock), let entry = lock.entries[name] else { continue }
            return (name, place.directory + "/" + name, place.lock, entry)
        }
        return nil
    }
}

extension Runtime {
    /// Nil when `path` belongs to no installed recipe, or to one whose files are as its lock
    /// records them; else why it must not run ("helper.lua changed").
    func installedRecipeRefusal(for path: String) -> String? {
        guard let canonical = POSIXFile.canonicalPath(path),
              let owner = InstalledRecipes.owner(of: canonical, environment: environment) else { return nil }
        guard !verifiedRecipes.contains(owner.directory) else { return nil }
        guard let recorded = owner.entry.files else { return nil }   // installed before hashes were kept
        let changes: [String]
        do { changes = recorded.changes(in: try RecipeFiles.read(owner.directory)) } catch { return "\(error)" }
        guard !changes.isEmpty else {
            verifiedRecipes.insert(owner.directory)
            return nil
        }
        return "recipe '\(owner.name)' in \(owner.directory) no longer matches \(owner.lock): " + changes.joined(separator: ", ")
            + "; `stackrun recipe update \(owner.name)` fetches it again (reinstall it if the change was yours)"
    }
}
