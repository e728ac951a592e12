public import JSONValue
internal import SystemIO

/// clouds.yaml and secure.yaml, found as the openstack client finds them: OS_CLIENT_CONFIG_FILE
/// first, then ./, ~/.config/openstack/ and /etc/openstack/ (clouds.yaml, .yml or .json); the
/// first file found wins. secure.yaml (OS_CLIENT_SECURE_FILE first) is merged over it, so
/// passwords can live in a separate, more private file.
public enum CloudsFile {
    /// The directories searched, in order.
    static func searchDirectories(environment: (String) -> String?) -> [String] {
        var directories = ["."]
        if let home = environment("HOME") { directories.append("\(home)/.config/openstack") }
        directories.append("/etc/openstack")
        return directories
    }

    /// Every file the configuration could come from, whether it exists or not: the explicit
    /// files, and clouds and secure (.yaml, .yml, .json) in each directory searched. Scripts may
    /// never read or write one (they hold passwords); the Runtime refuses them.
    public static func candidatePaths(environment: (String) -> String?) -> [String] {
        var paths = ["OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE"].compactMap { environment($0) }.filter { !$0.isEmpty }
        for directory in searchDirectories(environment: environment) {
            for base in ["clouds", "secure"] {
                for suffix in ["yaml", "yml", "json"] { paths.append("\(directory)/\(base).\(suffix)") }
            }
        }
        return paths
    }

    static func firstExisting(_ base: String, explicit: String?, environment: (String) -> String?) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        for directory in searchDirectories(environment: environment) {
            for suffix in ["yaml", "yml", "json"] where isFile("\(directory)/\(base).\(suffix)") {
                return "\(directory)/\(base).\(suffix)"
            }
        }
        return nil
    }

    /// The entry for cloud `name`, with secure.yaml merged in; nil when no clouds.yaml exists.
    public static func entry(named name: String, environment: (String) -> String?) throws(ConfigError) -> (entry: JSONObject, file: String)? {
        guard let path = firstExisting("clouds", explicit: environment("OS_CLIENT_CONFIG_FILE"), environment: environment) else {
            return nil
        }
        let clouds = try cloudsObject(in: path)
        guard var entry = clouds[name]?.objectValue else {
            let known = clouds.keys.sorted().joined(separator: ", ")
            throw ConfigError("no cloud named '\(name)' in \(path) (it has: \(known.isEmpty ? "none" : known))")
        }
        if let securePath = firstExisting("secure", explicit: environment("OS_CLIENT_SECURE_FILE"), environment: environment),
           let secure = try cloudsObject(in: securePath)[name]?.objectValue {
            entry = merged(entry, secure)
        }
        return (entry, path)
    }

    private static func cloudsObject(in path: String) throws(ConfigError) -> JSONObject {
        let bytes: [UInt8]
        do {
            bytes = try POSIXFile.readAll(path)
        } catch {
            throw ConfigError("cannot read \(path): \(error.reason)")
        }
        do {
            let document = try YAML.decode(bytes, name: path)
            return document["clouds"]?.objectValue ?? JSONObject()
        } catch {
            throw ConfigError("\(error)")
        }
    }

    /// `overlay` over `base`, objects merged key by key.
    static func merged(_ base: JSONObject, _ overlay: JSONObject) -> JSONObject {
        var result = base
        for member in overlay.members {
            if case .object(let inner)? = result[member.key], case .object(let over) = member.value {
                result[member.key] = .object(merged(inner, over))
            } else {
                result[member.key] = member.value
            }
        }
        return result
    }

    static func isFile(_ path: String) -> Bool {
        POSIXFile.isRegularFile(path)
    }
}
