internal import Glibc
public import Transport
import SystemIO

/// `stackrun recipe install`, `update` and `remove`: a recipe repository (one recipe, its
/// `init.lua` at the root, helper modules beside it) cloned into the user's recipe directory
/// (or with `--project`, the project's `./recipes`) at a pinned commit, as `DIR/NAME/`, NAME
/// being what its declaration says; the lock beside it records the commit and the files' hashes. A new checkout is
/// made beside the old one and renamed into place, so that a failed install or update leaves
/// what was there untouched, and a run never sees half a recipe.
@LoopActor
public struct RecipeInstaller {
    /// Where recipes are installed, and the lock that records them.
    public let directory: String
    public let lockPath: String
    let git: GitRunner

    public init(directory: String, lockPath: String, environment: (String) -> String? = Environment.value) {
        self.directory = directory
        self.lockPath = lockPath
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
        var lock = try RecipeLock.load(lockPath)
        if let scheme = source.firstRange(of: "://"), source[scheme.upperBound...].prefix(while: { $0 != "/" }).contains("@") {
            // The lock file keeps the source, and messages show it: no place for a password.
            throw RecipeInstallFailure("the source URL holds credentials: give them to git (a credential helper, an SSH key) and the URL without them")
        }
        let source = Self.absoluteIfLocal(source)
        let (checkout, commit, declaration, files) = try await fetch(source, ref: ref)
        let target = directory + "/" + declaration.name
        guard POSIXFile.status(target) == nil else {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("recipe '\(declaration.name)' is already installed at \(target): `stackrun recipe update \(declaration.name)` updates it")
        }
        try move(checkout, to: target)
        let entry = RecipeLock.Entry(source: source, ref: ref, commit: commit, files: files)
        lock.entries[declaration.name] = entry
        try lock.save()
        return Outcome(name: declaration.name, version: declaration.version, path: target, entry: entry)
    }

    /// Fetches the recipe's source again at `ref` (else the ref it was installed at) and puts
    /// the new checkout in place of the old one.
    public func update(name: String, ref: String?) async throws(RecipeInstallFailure) -> Outcome {
        var lock = try RecipeLock.load(lockPath)
        guard let old = lock.entries[name] else { throw notInstalled(name, lock) }
        let ref = ref ?? old.ref
        let (checkout, commit, declaration, files) = try await fetch(old.source, ref: ref)
        guard declaration.name == name else {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("\(old.source) now declares the recipe '\(declaration.name)', not '\(name)': nothing was changed")
        }
        let target = directory + "/" + name
        let retired = target + ".old-\(getpid())"
        do {
            if POSIXFile.status(target) != nil { try POSIXFile.rename(target, to: retired) }
            try POSIXFile.rename(checkout, to: target)
        } catch {
            if POSIXFile.status(target) == nil { try? POSIXFile.rename(retired, to: target) }
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("cannot put the new checkout in place: \(error)")
        }
        try? POSIXFile.removeTree(retired)
        let entry = RecipeLock.Entry(source: old.source, ref: ref, commit: commit, files: files)
        lock.entries[name] = entry
        try lock.save()
        return Outcome(name: name, version: declaration.version, path: target, entry: entry, previousCommit: old.commit)
    }

    public func remove(name: String) throws(RecipeInstallFailure) -> String {
        var lock = try RecipeLock.load(lockPath)
        guard lock.entries[name] != nil else { throw notInstalled(name, lock) }
        let target = directory + "/" + name
        do { try POSIXFile.removeTree(target) } catch { throw RecipeInstallFailure("cannot remove \(target): \(error)") }
        lock.entries[name] = nil
        try lock.save()
        return target
    }

    /// A checkout of `source` at `ref` in a new directory beside the installed recipes, its
    /// commit, and the declaration of its `init.lua`.
    private func fetch(_ source: String, ref: String?) async throws(RecipeInstallFailure)
        -> (checkout: String, commit: String, declaration: RecipeDeclaration, files: RecipeFiles) {
        do { try POSIXFile.makeDirectories(directory, permissions: 0o755) } catch {
            throw RecipeInstallFailure("cannot create \(directory): \(error)")
        }
        let checkout: String
        do { checkout = try POSIXFile.makeUniqueDirectory(prefix: directory + "/.fetching-") } catch {
            throw RecipeInstallFailure("cannot create a directory in \(directory): \(error)")
        }
        do throws(RecipeInstallFailure) {
            let commit = try git.checkout(source, ref: ref, into: checkout)
            let file = RecipeFile(name: "", path: checkout + "/init.lua", origin: .file)
            guard POSIXFile.isRegularFile(file.path) else {
                throw RecipeInstallFailure("\(source) has no init.lua at its root: a recipe repository holds one recipe, its init.lua at the top")
            }
            switch await Runtime.declaration(of: file) {
            case .success(let declaration): return (checkout, commit, declaration, try RecipeFiles.read(checkout))
            case .failure(let failure): throw RecipeInstallFailure("\(source) holds no recipe stackrun can read: \(failure)")
            }
        } catch {
            try? POSIXFile.removeTree(checkout)
            throw error
        }
    }

    private func move(_ checkout: String, to target: String) throws(RecipeInstallFailure) {
        do { try POSIXFile.rename(checkout, to: target) } catch {
            try? POSIXFile.removeTree(checkout)
            throw RecipeInstallFailure("cannot put the checkout in place at \(target): \(error)")
        }
    }

    private func notInstalled(_ name: String, _ lock: RecipeLock) -> RecipeInstallFailure {
        let installed = lock.entries.keys.sorted()
        return RecipeInstallFailure("'\(name)' was not installed by `stackrun recipe install` (installed: "
            + (installed.isEmpty ? "none" : installed.joined(separator: ", ")) + ")")
    }

    /// A source naming an existing local path is kept absolute, so that `update` finds it from
    /// any working directory; URLs are kept as given.
    static func absoluteIfLocal(_ source: String) -> String {
        guard !source.contains("://"), POSIXFile.status(source) != nil else { return source }
        return POSIXFile.canonicalPath(source) ?? source
    }
}
