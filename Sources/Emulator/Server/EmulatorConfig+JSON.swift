extension EmulatorConfig {
    /// Reads a config file (JSON). Every key is optional; lists given replace the defaults whole.
    /// `serviceNames` are the sections other services may claim (`compute`, `network`, ...).
    public static func load(json: EmulatorJSON, serviceNames: [String] = ServiceRegistry.standard.map(\.name))
        throws(EmulatorConfigError) -> EmulatorConfig
    {
        var reader = try ConfigReader(json, path: "")
        var config = EmulatorConfig()
        if let region = try reader.string("region") { config.region = region }
        config.publicURL = try reader.string("public_url")
        if let seed = try reader.integer("seed", atLeast: 0) { config.seed = UInt64(seed) }
        config.pageSize = try reader.integer("page_size", atLeast: 1)
        if var timings = try reader.object("timings") {
            if let value = try timings.number("build_seconds", atLeast: 0) { config.timings.buildSeconds = value }
            if let value = try timings.number("delete_seconds", atLeast: 0) { config.timings.deleteSeconds = value }
            if let value = try timings.number("token_ttl", atLeast: 1) { config.timings.tokenTTL = value }
            try timings.finish()
        }
        if var identity = try reader.object("identity") {
            config.identity = try IdentitySeed.parse(&identity)
            try identity.finish()
        }
        if let faults = reader.value("faults") { config.faults = try FaultPlan.parse(faults) }
        for key in reader.unusedKeys {
            guard serviceNames.contains(key), key != "identity" else { continue }
            var section = try reader.object(key)
            guard let object = section?.object else { continue }
            config.serviceSections[key] = object
            section = nil
        }
        try reader.finish()
        return config
    }

    public static func load(contentsOf text: String) throws(EmulatorConfigError) -> EmulatorConfig {
        let json: EmulatorJSON
        do {
            json = try EmulatorJSON.parse(text)
        } catch {
            throw EmulatorConfigError(path: "", reason: "not valid JSON: \(error)")
        }
        return try load(json: json)
    }
}

extension IdentitySeed {
    static func parse(_ reader: inout ConfigReader) throws(EmulatorConfigError) -> IdentitySeed {
        var seed = IdentitySeed()
        if let domains = try reader.objects("domains") {
            seed.domains = []
            for var domain in domains {
                let name = try domain.required(try domain.string("name"), "name")
                seed.domains.append(Domain(id: try domain.string("id") ?? Identifiers.stableKeystoneID("domain:" + name), name: name))
                try domain.finish()
            }
        }
        if let projects = try reader.objects("projects") {
            seed.projects = []
            for var project in projects {
                seed.projects.append(Project(
                    name: try project.required(try project.string("name"), "name"),
                    domain: try project.string("domain") ?? "Default",
                    description: try project.string("description") ?? "",
                    id: try project.string("id")))
                try project.finish()
            }
        }
        if let roles = try reader.objects("roles") {
            seed.roles = []
            for var role in roles {
                seed.roles.append(Role(name: try role.required(try role.string("name"), "name"), implies: try role.strings("implies") ?? []))
                try role.finish()
            }
        }
        if let users = try reader.objects("users") {
            seed.users = []
            for var user in users {
                var projectRoles: [String: [String]] = [:]
                if var roles = try user.object("project_roles") {
                    for project in roles.object.keys { projectRoles[project] = try roles.strings(project) ?? [] }
                    try roles.finish()
                }
                var domainRoles: [String: [String]] = [:]
                if var roles = try user.object("domain_roles") {
                    for domain in roles.object.keys { domainRoles[domain] = try roles.strings(domain) ?? [] }
                    try roles.finish()
                }
                seed.users.append(User(
                    name: try user.required(try user.string("name"), "name"),
                    password: try user.required(try user.string("password"), "password"),
                    domain: try user.string("domain") ?? "Default",
                    defaultProject: try user.string("default_project"),
                    projectRoles: projectRoles,
                    domainRoles: domainRoles,
                    systemRoles: try user.strings("system_roles") ?? [],
                    email: try user.string("email"),
                    id: try user.string("id")))
                try user.finish()
            }
        }
        try seed.validate()
        return seed
    }

    /// References between seeded identities must resolve.
    func validate() throws(EmulatorConfigError) {
        let domainNames = Set(domains.map(\.name))
        let roleNames = Set(roles.map(\.name))
        let projectNames = Set(projects.map(\.name))
        for project in projects where !domainNames.contains(project.domain) {
            throw EmulatorConfigError(path: "identity.projects", reason: "project \(project.name) is in unknown domain \(project.domain)")
        }
        for role in roles {
            for implied in role.implies where !roleNames.contains(implied) {
                throw EmulatorConfigError(path: "identity.roles", reason: "role \(role.name) implies unknown role \(implied)")
            }
        }
        for user in users {
            guard domainNames.contains(user.domain) else {
                throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) is in unknown domain \(user.domain)")
            }
            if let project = user.defaultProject, !projectNames.contains(project) {
                throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has unknown default project \(project)")
            }
            for (project, names) in user.projectRoles {
                guard projectNames.contains(project) else {
                    throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has roles on unknown project \(project)")
                }
                for name in names where !roleNames.contains(name) {
                    throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has unknown role \(name)")
                }
            }
            for (domain, names) in user.domainRoles {
                guard domainNames.contains(domain) else {
                    throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has roles on unknown domain \(domain)")
                }
                for name in names where !roleNames.contains(name) {
                    throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has unknown role \(name)")
                }
            }
            for name in user.systemRoles where !roleNames.contains(name) {
                throw EmulatorConfigError(path: "identity.users", reason: "user \(user.name) has unknown role \(name)")
            }
        }
    }
}
