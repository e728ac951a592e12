import OpenStack
import Transport

extension CloudRegistry {
    /// A signed-in session for a cloud a journal names, from what this process is configured
    /// with: `--os-cloud`/OS_CLOUD, the journal's own clouds.yaml entry, or the OS_* variables,
    /// whichever has the journal's auth URL. Its project must be the journal's: deleting by id in
    /// another project would find nothing, or worse.
    func session(forJournalCloud cloud: JournalCloud) async throws(OpenStackError) -> Session {
        var configs: [CloudConfig] = []
        var tried: [String] = []
        if let name = preferredCloud ?? environment("OS_CLOUD").flatMap({ $0.isEmpty ? nil : $0 }) {
            configs.append(try cloudsYAMLConfig(name))
        }
        if !["envvars", "script", "emulator"].contains(cloud.name), let entry = try? cloudsYAMLConfig(cloud.name) {
            configs.append(entry)
        }
        if let entry = EnvironmentCloud.entry(environment: environment),
           let config = try? CloudConfig(entry: entry, name: "envvars") {
            configs.append(config)
        }
        for config in configs {
            tried.append("\(config.name) (\(redactingCredentials(config.authURL)))")
            guard Self.sameURL(config.authURL, cloud.authURL) else { continue }
            // Ids are per region: deleting them in another would find nothing and call it done.
            if let region = cloud.region, config.region != region {
                tried[tried.count - 1] += " in region \(config.region ?? "(the catalog's first)"), not \(region)"
                continue
            }
            let session = try await session(for: config)
            if let project = cloud.projectID, let signedIn = session.projectID, project != signedIn {
                tried[tried.count - 1] += " signed in to project \(signedIn), not \(project)"
                continue
            }
            return session
        }
        let configured = tried.isEmpty ? "no cloud is configured" : "configured: " + tried.joined(separator: ", ")
        throw OpenStackError(.configuration, "no configured cloud has the journal's auth URL \(cloud.authURL)"
            + (cloud.region.map { " and region \($0)" } ?? "") + (cloud.projectID.map { " and project \($0)" } ?? "")
            + " (its settings came from '\(cloud.name)'); \(configured). Set OS_CLOUD or --os-cloud to a clouds.yaml entry for it, or the OS_* variables")
    }

    /// Whether two auth URLs name the same Keystone: equal but for a trailing slash, and for
    /// any user and password in them (the journal keeps its URL with "***" for those).
    nonisolated static func sameURL(_ first: String, _ second: String) -> Bool {
        func trimmed(_ url: String) -> Substring {
            var text = Substring(URLText(url).map { "\($0.scheme)://\($0.host)\($0.rest)" } ?? url)
            while text.hasSuffix("/") { text = text.dropLast() }
            return text
        }
        return trimmed(first) == trimmed(second)
    }
}
