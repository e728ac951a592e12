import OpenStack
import SystemIO

/// The places scripts may never read or write, whatever is granted: where the clouds'
/// credentials and tokens live, and /proc, where every process's environment (OS_PASSWORD
/// included) can be read. Resolved once, like the grants, so that links and `..` lead nowhere
/// else.
struct SecretStores: Sendable {
    /// clouds.yaml and secure.yaml wherever they could be found, and OS_KEY's client key.
    let files: Set<String>
    /// The token cache and /proc, with everything beneath them.
    let directories: [String]

    init(environment: (String) -> String?) {
        var files = CloudsFile.candidatePaths(environment: environment)
        if let key = environment("OS_KEY"), !key.isEmpty { files.append(key) }
        self.files = Set(files.compactMap(POSIXFile.canonicalPath))
        var directories = ["/proc"]
        if let tokens = FileTokenStore.defaultDirectory(environment: environment) { directories.append(tokens) }
        if let home = environment("HOME"), home.hasPrefix("/") { directories.append(home + "/.cache/stackrun/tokens") }
        self.directories = directories.compactMap(POSIXFile.canonicalPath)
    }

    /// Why `path` (canonical) is out of reach, or nil when it is not a secret store.
    func refusal(_ path: String) -> String? {
        if files.contains(path) {
            return "\(path) holds cloud credentials: scripts never read or write it, whatever is granted"
        }
        for directory in directories where POSIXFile.path(path, isWithin: directory) {
            if directory == "/proc" {
                return "\(path) is under /proc, where every process's environment (and its secrets) can be read: scripts never read it, whatever is granted"
            }
            return "\(path) is in the token cache (\(directory)): scripts never read or write it, whatever is granted"
        }
        return nil
    }
}
