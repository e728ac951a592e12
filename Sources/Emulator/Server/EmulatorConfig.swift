import Foundation

/// Everything the emulator starts from: identities, timings, faults. The defaults are the seeded
/// cloud the documentation describes; `EmulatorConfig.load(json:)` reads the config file.
public struct EmulatorConfig: Sendable {
    public var region = "RegionOne"
    /// The root URL put in the catalog and in links, when it is not `http://<host>:<port>`
    /// (behind a proxy, or bound to 0.0.0.0).
    public var publicURL: String?
    /// Seed of the fault generator.
    public var seed: UInt64 = 0
    public var timings = Timings()
    public var identity = IdentitySeed()
    public var faults = FaultPlan()
    /// Sections of the config file that belong to other services (`"compute": {...}`), read by
    /// them when they seed their state. Unknown sections are an error at start.
    public var serviceSections: [String: EmulatorJSONObject] = [:]
    public var clock: any EmulatorClock = SystemClock()
    /// The longest page a list answers (the services' `max_limit`, Neutron's
    /// `pagination_max_limit`): a longer list comes back a page at a time, with `*_links`
    /// rel=next. nil keeps each service's default: 1000 for Nova and Cinder, no limit for Neutron.
    public var pageSize: Int?
    /// Receives one line per request (method, path, status, milliseconds); never headers or bodies.
    public var requestLog: (@Sendable (String) -> Void)?

    public init() {}

    public struct Timings: Sendable {
        /// Time from BUILD to ACTIVE (servers) and creating to available (volumes).
        public var buildSeconds: Double = 1
        /// Time a deleted resource stays visible in its DELETED/deleting state.
        public var deleteSeconds: Double = 0.5
        /// Keystone's token lifetime.
        public var tokenTTL: Double = 3600

        public init() {}
    }
}

/// The identities the cloud starts with.
public struct IdentitySeed: Sendable {
    public struct Domain: Sendable {
        public var id: String
        public var name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Project: Sendable {
        public var name: String
        public var domain: String
        public var description: String
        public var id: String?
        public init(name: String, domain: String = "Default", description: String = "", id: String? = nil) {
            self.name = name
            self.domain = domain
            self.description = description
            self.id = id
        }
    }

    public struct Role: Sendable {
        public var name: String
        /// Roles a holder of this one also gets (Keystone's implied roles).
        public var implies: [String]
        public init(name: String, implies: [String] = []) {
            self.name = name
            self.implies = implies
        }
    }

    public struct User: Sendable {
        public var name: String
        public var password: String
        public var domain: String
        public var defaultProject: String?
        /// Project name -> role names.
        public var projectRoles: [String: [String]]
        /// Domain name -> role names, for domain-scoped tokens.
        public var domainRoles: [String: [String]]
        /// Roles on the whole system (`"scope": {"system": {"all": true}}`).
        public var systemRoles: [String]
        public var email: String?
        public var id: String?

        public init(
            name: String, password: String, domain: String = "Default", defaultProject: String? = nil,
            projectRoles: [String: [String]] = [:], domainRoles: [String: [String]] = [:], systemRoles: [String] = [], email: String? = nil, id: String? = nil
        ) {
            self.name = name
            self.password = password
            self.domain = domain
            self.defaultProject = defaultProject
            self.projectRoles = projectRoles
            self.domainRoles = domainRoles
            self.systemRoles = systemRoles
            self.email = email
            self.id = id
        }
    }

    public var domains = [Domain(id: "default", name: "Default")]
    public var projects = [
        Project(name: "admin", description: "Bootstrap project for initializing the cloud."),
        Project(name: "demo", description: "Demo project"),
    ]
    public var roles = [
        Role(name: "admin", implies: ["member"]),
        Role(name: "member", implies: ["reader"]),
        Role(name: "reader"),
    ]
    /// Like `keystone-manage bootstrap`, no default projects: a request without a scope gets an
    /// unscoped token. The admin's password is STACKRUN_EMULATOR_PASSWORD when that is set.
    public var users = [
        User(name: "admin", password: IdentitySeed.environment("STACKRUN_EMULATOR_PASSWORD") ?? "admin",
             projectRoles: ["admin": ["admin"]], systemRoles: ["admin"]),
        User(name: "demo", password: "demo", projectRoles: ["demo": ["member"]]),
    ]

    /// Put in front of every token and application-credential secret the emulator makes up
    /// (STACKRUN_EMULATOR_SECRET_PREFIX): a test suite that knows it can search everything it
    /// wrote for a secret that leaked (scripts/checks/secrets.sh). Empty by default.
    public var secretPrefix = IdentitySeed.environment("STACKRUN_EMULATOR_SECRET_PREFIX") ?? ""

    public init() {}

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
