import Emulator

/// What the emulator prints on start: where it listens, and the OS_* lines to point clients at it.
/// Every line but the exports is a shell comment, so the whole block can be pasted into a shell.
enum Banner {
    static func text(emulator: OpenStackEmulator, config: EmulatorConfig) -> String {
        let base = emulator.baseURL
        var lines = [
            "# stackrun emulator listening on \(base)",
            "#   identity \(base)/identity   compute \(base)/compute/v2.1   volume \(base)/volume/v3/{project_id}",
            "#   image    \(base)/image      network \(base)/network        control \(base)/_emulator/",
        ]
        if let admin = adminCredentials(config.identity) {
            lines.append("export OS_AUTH_URL=\(emulator.authURL)")
            lines.append("export OS_USERNAME=\(shellQuoted(admin.user.name))")
            lines.append("export OS_PASSWORD=\(shellQuoted(admin.user.password))")
            lines.append("export OS_PROJECT_NAME=\(shellQuoted(admin.project))")
            lines.append("export OS_USER_DOMAIN_NAME=\(shellQuoted(admin.user.domain))")
            lines.append("export OS_PROJECT_DOMAIN_NAME=\(shellQuoted(admin.projectDomain))")
            lines.append("export OS_REGION_NAME=\(shellQuoted(config.region))")
            lines.append("export OS_IDENTITY_API_VERSION=3")
        } else {
            lines.append("# no seeded user has the admin role on a project: set OS_* by hand (OS_AUTH_URL=\(emulator.authURL))")
        }
        return lines.joined(separator: "\n")
    }

    /// The user called admin if it is an admin somewhere, else the first user with the admin role on a project.
    static func adminCredentials(_ seed: IdentitySeed) -> (user: IdentitySeed.User, project: String, projectDomain: String)? {
        let candidates = seed.users.filter { $0.name == "admin" } + seed.users.filter { $0.name != "admin" }
        for user in candidates {
            let projects = user.projectRoles.filter { $0.value.contains("admin") }.keys.sorted()
            guard let project = projects.first(where: { $0 == user.defaultProject }) ?? projects.first else { continue }
            let domain = seed.projects.first { $0.name == project }?.domain ?? "Default"
            return (user, project, domain)
        }
        return nil
    }

    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
