internal import Glibc
public import Transport
import SystemIO

/// `stackrun recipe install`, `update` and `remove`: a recipe repository (one recipe, its
/// `init.lua` at the root, helper modules beside it) cloned into the user's recipe directory
/// (or with `--project`, the project's `./recipes`) at a pinned commit, as `DIR/NAME/`, NAME
/// being what its declaration says; the lock beside it records the commit and the files' hashes.
/// The checkout keeps no `.git`: an update clones afresh, and a project can commit the files.
///
/// Each change holds `DIR/.install.lock` from reading the lock to writing it, so that installs
/// running at once all land in it; a new checkout is made beside the old one and swapped in
/// with one rename (an exchange, for an update), so that a run never sees half a recipe.
@LoopActor
public struct RecipeInstaller {
    /// Where recipes are installed, and the lock that records them.
    public let directory: String
    public let lockPath: String
    /// "--project " when this is a project's: what messages tell the user to add.
    let flag: String
    let git: GitRunner

    public init(directory: String, lockPath: String, project: Bool = false, environment: (String) -> String? = Environment.value) {
        self.directory = directory
        self.lockPath = lockPath
        flag = project ? "--project " : ""
        git = GitRunner(environment: environment)
    }

    public struct Outcome: Sendable {
        public var name: String
        public var version: String
        public var path: String
        public var entry: RecipeLock.Entry
        /// The commit it was at before an update; nil for an install.
        public var previousCommit: String?
    }

    public func install(source: String, ref: String?) async throws(RecipeInstallFailure) -> Outcome {
        if Self.holdsCredentials(source) {
            // The lock file keeps the source, and messages show it: no place for a secret.
            throw RecipeInstallFailure("the source URL holds a password or a token: give it to git (a credential helper, an SSH key) and the URL without it")
        }
        let source = Self.absoluteIfLocal(source)
        let guardFile = try holdInstallLock()
        defer { guardFile.unlock() }
        let (checkout, commit, declaration, files) = try await fetch(source, ref: ref)
        var lock = try RecipeLock.load(lockPath)
        let target = directory + "/" + declaration.name
        guard POSIXFile.status(target) == nil, lock.entries[declaration.name] == nil else {
            try? POSIXFile.removeTree(checkout)
            let known = lock.entries[declaration.name] != nil
            throw RecipeInstallFailure("recipe '\(declaration.name)' is already installed at \(target): "
                + (known ? "`stackrun recipe update \(flag)\(declaration.name)` updates it" : "it is not in \(lockPath); remove that directory first"))
        }
        do { try POSIXFile.rename(checkout, to: target) } catch {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("cannot put the checkout in place at \(target): \(error)")
        }
        let entry = RecipeLock.Entry(source: source, ref: ref, commit: commit, files: files)
        lock.entries[declaration.name] = entry
        try lock.save()
        return Outcome(name: declaration.name, version: declaration.version, path: target, entry: entry)
    }

    /// Fetches the recipe's source again at `ref` (else the ref it was installed at) and puts
    /// the new checkout in place of the old one.
    public func update(name: String, ref: String?) async throws(RecipeInstallFailure) -> Outcome {
        let guardFile = try holdInstallLock()
        defer { guardFile.unlock() }
        var lock = try RecipeLock.load(lockPath)
        guard let old = lock.entries[name] else { throw notInstalled(name, lock) }
        let ref = ref ?? old.ref
        let (checkout, commit, declaration, files) = try await fetch(old.source, ref: ref)
        guard declaration.name == name else {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("\(old.source) now declares the recipe '\(declaration.name)', not '\(name)': nothing was changed")
        }
        let target = directory + "/" + name
        do {
            // One exchange: the name holds the old tree or the new one, never neither.
            if POSIXFile.status(target) != nil { try POSIXFile.exchange(checkout, target) } else { try POSIXFile.rename(checkout, to: target) }
        } catch {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("cannot put the new checkout in place: \(error)")
        }
        try? POSIXFile.removeTree(checkout)   // the old tree, after the exchange
        let entry = RecipeLock.Entry(source: old.source, ref: ref, commit: commit, files: files)
        lock.entries[name] = entry
        try lock.save()
        return Outcome(name: name, version: declaration.version, path: target, entry: entry, previousCommit: old.commit)
    }

    public func remove(name: String) throws(RecipeInstallFailure) -> String {
        let guardFile = try holdInstallLock()
        defer { guardFile.unlock() }
        var lock = try RecipeLock.load(lockPath)
        guard lock.entries[name] != nil else { throw notInstalled(name, lock) }
        let target = directory + "/" + name
        do { try POSIXFile.removeTree(target) } catch { throw RecipeInstallFailure("cannot remove \(target): \(error)") }
        lock.entries[name] = nil
        try lock.save()
        return target
    }

    /// `DIR/.install.lock`, held exclusively while the lock file is read, changed and written.
    private func holdInstallLock() throws(RecipeInstallFailure) -> FileLock {
        do {
            try POSIXFile.makeDirectories(directory, permissions: 0o755)
            return try FileLock.acquire(directory + "/" + InstalledRecipes.installLockName, permissions: 0o644)
        } catch {
            throw RecipeInstallFailure("cannot lock \(directory) for the change: \(error)")
        }
    }

    /// A checkout of `source` at `ref` in a new directory beside the installed recipes, its
    /// commit, the declaration of its `init.lua`, and its files' hashes.
    private func fetch(_ source: String, ref: String?) async throws(RecipeInstallFailure)
        -> (checkout: String, commit: String, declaration: RecipeDeclaration, files: RecipeFiles) {
        let checkout: String
        do {
            checkout = try POSIXFile.makeUniqueDirectory(prefix: directory + "/.fetching-")
            try POSIXFile.setPermissions(checkout, 0o755)   // mkdtemp's 0700 would hide it from a shared ./recipes
        } catch {
            throw RecipeInstallFailure("cannot create a directory in \(directory): \(error)")
        }
        do throws(RecipeInstallFailure) {
            let commit = try git.checkout(source, ref: ref, into: checkout)
            do { try POSIXFile.removeTree(checkout + "/.git") } catch { throw RecipeInstallFailure("cannot remove \(checkout)/.git: \(error)") }
            let file = RecipeFile(name: "", path: checkout + "/init.lua", origin: .file)
            guard POSIXFile.isRegularFile(file.path) else {
                throw RecipeInstallFailure("\(source) has no init.lua at its root: a recipe repository holds one recipe, its init.lua at the top")
            }
            let files = try RecipeFiles.read(checkout)
            switch await Runtime.declaration(of: file) {
            case .success(let declaration): return (checkout, commit, declaration, files)
            case .failure(let failure): throw RecipeInstallFailure("\(source) holds no recipe stackrun can read: \(failure)")
            }
        } catch {
            try? POSIXFile.removeTree(checkout)
            throw error
        }
    }

    private func notInstalled(_ name: String, _ lock: RecipeLock) -> RecipeInstallFailure {
        let installed = lock.entries.keys.sorted()
        return RecipeInstallFailure("'\(name)' was not installed by `stackrun recipe install\(flag.isEmpty ? "" : " --project")` (installed: "
            + (installed.isEmpty ? "none" : installed.joined(separator: ", ")) + ")")
    }

    /// A source naming an existing local path is kept absolute, so that `update` finds it from
    /// any working directory; URLs are kept as given.
    static func absoluteIfLocal(_ source: String) -> String {
        guard !source.contains("://"), POSIXFile.status(source) != nil else { return source }
        return POSIXFile.canonicalPath(source) ?? source
    }

    /// A password in the URL's user part (`https://u:p@host/`), or a query parameter named like
    /// a secret (`?private_token=`). A user alone (`ssh://git@host/x.git`) is no secret.
    static func holdsCredentials(_ source: String) -> Bool {
        guard let url = URLText(source) else { return false }
        if let at = url.authority.lastIndex(of: "@"), url.authority[..<at].contains(":") { return true }
        guard let question = url.rest.firstIndex(of: "?") else { return false }
        let query = url.rest[url.rest.index(after: question)...].prefix { $0 != "#" }
        return SecretName.maskingFields(query) != String(query)
    }
}
