import SystemIO
import Transport

/// A run's Permissions, resolved once: granted paths made canonical (links and `..` resolved,
/// see POSIXFile.canonicalPath), programs found on PATH. Every check resolves what the script
/// named the same way and returns the resolved form, which the caller then uses, so that the
/// file checked is the file touched.
struct GrantedAccess: Sendable {
    let all: Bool
    private(set) var readRoots: [String]
    let writeRoots: [String]
    let environmentGrants: [String]
    let hosts: [HostGrant]
    /// Canonical executables, and the names as granted (a program granted but not installed
    /// is told apart from one never granted).
    let programs: Set<String>
    let programNames: Set<String>
    let secrets: SecretStores
    private let searchPath: String?

    init(_ permissions: Permissions, environment: (String) -> String?) {
        all = permissions.all
        // The working directory is always readable (a job's own files sit beside it).
        readRoots = (["."] + permissions.read).compactMap(POSIXFile.canonicalPath)
        writeRoots = permissions.write.compactMap(POSIXFile.canonicalPath)
        environmentGrants = permissions.environment
        hosts = permissions.net.compactMap(HostGrant.init)
        searchPath = environment("PATH")
        programs = Set(permissions.exec.compactMap { [searchPath] in POSIXFile.executablePath($0, searchPath: searchPath) })
        programNames = Set(permissions.exec)
        secrets = SecretStores(environment: environment)
    }

    /// Makes `directory` readable too (the script's own directory, when a file runs).
    mutating func grantRead(_ directory: String) {
        if let canonical = POSIXFile.canonicalPath(directory), !readRoots.contains(canonical) { readRoots.append(canonical) }
    }

    /// The canonical path of `path` when the script may read it (or list it, or test for it);
    /// `alsoWithin` adds roots for this check only (the module path for `require`).
    func checkRead(_ path: String, alsoWithin extra: [String] = []) throws(PermissionDenial) -> String {
        let canonical = try resolve(path, .read)
        if all || (readRoots + extra).contains(where: { POSIXFile.path(canonical, isWithin: $0) }) { return canonical }
        throw PermissionDenial(capability: .read, target: canonical, flag: "--allow-read=\(canonical)",
                               reason: "no read permission for \(Self.shown(path, canonical))")
    }

    /// The canonical path of `path` when the script may write it (create or replace the file).
    func checkWrite(_ path: String) throws(PermissionDenial) -> String {
        let canonical = try resolve(path, .write)
        if all || writeRoots.contains(where: { POSIXFile.path(canonical, isWithin: $0) }) { return canonical }
        throw PermissionDenial(capability: .write, target: canonical, flag: "--allow-write=\(canonical)",
                               reason: "no write permission for \(Self.shown(path, canonical))")
    }

    enum EnvironmentAnswer: Equatable {
        case granted
        /// Holds a secret: nil for the script, whatever is granted.
        case secret
        case denied(PermissionDenial)
    }

    func checkEnvironment(_ name: String) -> EnvironmentAnswer {
        if EnvironmentRules.isSecret(name) { return .secret }
        if all || EnvironmentRules.isGrantedByDefault(name) || environmentGrants.contains(where: { EnvironmentRules.grant($0, covers: name) }) {
            return .granted
        }
        return .denied(PermissionDenial(capability: .env, target: name, flag: "--allow-env=\(name)",
                                        reason: "no env permission for \(name)"))
    }

    /// Whether `http.request` may send to `url`, judged on the host and port curl will connect to.
    func checkNet(_ url: String) throws(PermissionDenial) {
        if all { return }
        guard let origin = URLOrigin(url) else {
            throw PermissionDenial(capability: .net, target: url, flag: nil,
                                   reason: "cannot tell which host \(redactingCredentials(url)) names, so it cannot be allowed")
        }
        if hosts.contains(where: { $0.allows(origin) }) { return }
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        throw PermissionDenial(capability: .net, target: origin.description, flag: "--allow-net=\(host)",
                               reason: "no net permission for \(origin)")
    }

    enum ProgramAnswer: Equatable {
        case allowed(executable: String)
        /// Granted (by name or by --allow-all) but not found on PATH, or not executable.
        case notFound
        case denied(PermissionDenial)
    }

    func checkExec(_ program: String) -> ProgramAnswer {
        let executable = POSIXFile.executablePath(program, searchPath: searchPath)
        if let executable, all || programs.contains(executable) {
            // A program may move the links the secret stores are found through, and it passes
            // no file check: where they are is settled before the first one runs.
            secrets.resolve()
            return .allowed(executable: executable)
        }
        if executable == nil, all || programNames.contains(program) { return .notFound }
        return .denied(PermissionDenial(capability: .exec, target: executable ?? program, flag: "--allow-exec=\(program)",
                                        reason: "no exec permission for \(executable.map { Self.shown(program, $0) } ?? program)"))
    }

    private enum Use { case read, write }

    private func resolve(_ path: String, _ use: Use) throws(PermissionDenial) -> String {
        let capability: PermissionDenial.Capability = use == .read ? .read : .write
        guard let canonical = POSIXFile.canonicalPath(path) else {
            throw PermissionDenial(capability: capability, target: path, flag: nil,
                                   reason: "cannot tell where \(path) leads (a link to nothing, a directory that cannot be searched, or .. below one that does not exist)")
        }
        if let refusal = secrets.refusal(canonical) {
            throw PermissionDenial(capability: capability, target: canonical, flag: nil, reason: refusal)
        }
        return canonical
    }

    /// "../x (/srv/x)" when resolving changed what the script wrote.
    private static func shown(_ given: String, _ canonical: String) -> String {
        given == canonical ? canonical : "\(given) (\(canonical))"
    }
}
