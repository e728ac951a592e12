import SystemIO

/// Where installed recipes live and which lock pins them: the user's recipe directory with
/// `recipes.lock` beside it, and a project's `./recipes` with `./stackrun.lock`. Before a run
/// uses a file of an installed recipe (the recipe itself, or a module required from it), the
/// recipe's files are compared with the hashes its lock recorded, once per run.
public enum InstalledRecipes {
    public static var projectDirectory: String { workingDirectory + "/recipes" }
    /// Held exclusively by install, update and remove, shared by a run checking a recipe.
    static let installLockName = ".install.lock"
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

    /// The installed recipe `canonicalPath` belongs to: its name, directory and lock entry,
    /// and whether the path is a `DIR/NAME.lua` beside it (which would win over `DIR/NAME/`).
    static func owner(of canonicalPath: String, environment: (String) -> String?)
        -> (name: String, directory: String, place: String, lock: String, entry: RecipeLock.Entry, beside: Bool)? {
        for place in places(environment: environment) where POSIXFile.path(canonicalPath, isWithin: place.directory) {
            let relative = canonicalPath.dropFirst(place.directory.count + 1)
            let beside = !relative.contains("/")
            let name = beside ? String(relative.hasSuffix(".lua") ? relative.dropLast(4) : relative) : String(relative.prefix { $0 != "/" })
            guard let lock = try? RecipeLock.load(place.lock), let entry = lock.entries[name] else { continue }
            return (name, place.directory + "/" + name, place.directory, place.lock, entry, beside)
        }
        return nil
    }
}

extension Runtime {
    /// Nil when `path` belongs to no installed recipe, or to one whose files are as its lock
    /// records them; else why it must not run ("helper.lua changed"). A recipe checked once
    /// in a run is not read again, but must stay the same tree: one updated while the run
    /// uses it is refused rather than mixed with the old one's modules.
    func installedRecipeRefusal(for path: String) -> String? {
        guard let canonical = POSIXFile.canonicalPath(path),
              let owner = InstalledRecipes.owner(of: canonical, environment: environment) else { return nil }
        let project = owner.place == InstalledRecipes.projectDirectory ? "--project " : ""
        let update = "`stackrun recipe update \(project)\(owner.name)` fetches it again"
        if owner.beside {
            return "\(canonical) sits beside the installed recipe '\(owner.name)' (\(owner.directory)) and would be run in its place; remove it"
        }
        let identity = POSIXFile.status(owner.directory)?.identity ?? []
        if let verified = verifiedRecipes[owner.directory] {
            return verified == identity ? nil : "recipe '\(owner.name)' in \(owner.directory) was updated while this run used it; run again"
        }
        guard let recorded = owner.entry.files else { return nil }   // installed before hashes were kept
        // Shared with other runs, exclusive with install and update: never a half-swapped tree.
        let guardFile = try? FileLock.acquire(owner.place + "/" + InstalledRecipes.installLockName, .shared, permissions: 0o644)
        defer { guardFile?.unlock() }
        let changes: [String]
        do { changes = recorded.changes(in: try RecipeFiles.read(owner.directory)) } catch { return "\(error)" }
        guard changes.isEmpty else {
            return "recipe '\(owner.name)' in \(owner.directory) no longer matches \(owner.lock): " + changes.joined(separator: ", ")
                + "; \(update) (reinstall it if the change was yours)"
        }
        verifiedRecipes[owner.directory] = POSIXFile.status(owner.directory)?.identity ?? []
        return nil
    }
}
