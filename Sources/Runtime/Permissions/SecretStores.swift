import OpenStack
import Synchronization
import SystemIO

/// The places scripts may never read or write, whatever is granted: where the clouds'
/// credentials and tokens live, and /proc, where every process's environment (OS_PASSWORD
/// included) can be read. Resolved once, like the grants, so that links and `..` lead nowhere
/// else; but only when a script first touches a file or runs a program (which could move a
/// link before the first file check): resolving the twenty-odd candidate paths took 0.6 M
/// instructions and as many path walks at every start, and most runs do neither.
final class SecretStores: Sendable {
    /// clouds.yaml and secure.yaml wherever they could be found, and OS_KEY's client key.
    private let candidateFiles: [String]
    /// The token cache and /proc, with everything beneath them.
    private let candidateDirectories: [String]
    private let resolved = Mutex<(files: Set<String>, directories: [String])?>(nil)

    init(environment: (String) -> String?) {
        var files = CloudsFile.candidatePaths(environment: environment)
        if let key = environment("OS_KEY"), !key.isEmpty { files.append(key) }
        candidateFiles = files
        var directories = ["/proc"]
        if let tokens = FileTokenStore.defaultDirectory(environment: environment) { directories.append(tokens) }
        if let home = environment("HOME"), home.hasPrefix("/") { directories.append(home + "/.cache/stackrun/tokens") }
        candidateDirectories = directories
    }

    /// Settles where the stores are, if not yet done.
    func resolve() { _ = stores }

    private var stores: (files: Set<String>, directories: [String]) {
        resolved.withLock { stores in
            if let stores { return stores }
            let made = (files: Set(candidateFiles.compactMap(POSIXFile.canonicalPath)),
                        directories: candidateDirectories.compactMap(POSIXFile.canonicalPath))
            stores = made
            return made
        }
    }

    /// Why `path` (canonical) is out of reach, or nil when it is not a secret store.
    func refusal(_ path: String) -> String? {
        let stores = stores
        if stores.files.contains(path) {
            return "\(path) holds cloud credentials: scripts never read or write it, whatever is granted"
        }
        for directory in stores.directories where POSIXFile.path(path, isWithin: directory) {
            if directory == "/proc" {
                return "\(path) is under /proc, where every process's environment (and its secrets) can be read: scripts never read it, whatever is granted"
            }
            return "\(path) is in the token cache (\(directory)): scripts never read or write it, whatever is granted"
        }
        return nil
    }
}
