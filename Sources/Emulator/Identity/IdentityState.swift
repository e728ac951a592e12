import Foundation

/// Keystone's state: identities, role assignments, issued tokens, application credentials.
public final class IdentityState: ServiceState {
    var domains: [IdentityDomain] = []
    var projects: [String: IdentityProject] = [:]
    var projectOrder: [String] = []
    var roles: [IdentityRole] = []
    var users: [String: IdentityUser] = [:]
    var userOrder: [String] = []
    /// user id -> project id -> role ids (direct assignments only).
    var projectAssignments: [String: [String: [String]]] = [:]
    var systemAssignments: [String: [String]] = [:]
    /// user id -> domain id -> role ids.
    var domainAssignments: [String: [String: [String]]] = [:]
    var tokens: [String: IssuedToken] = [:]
    var applicationCredentials: [String: ApplicationCredential] = [:]
    var applicationCredentialOrder: [String] = []
    let tokenTTL: Double
    /// In front of every token and generated secret (IdentitySeed.secretPrefix).
    let secretPrefix: String
    /// Tokens issued since the last sweep of expired ones.
    private var issuedSinceSweep = 0

    init(seed: IdentitySeed, tokenTTL: Double) {
        self.tokenTTL = tokenTTL
        secretPrefix = seed.secretPrefix
        for domain in seed.domains {
            domains.append(IdentityDomain(id: domain.id, name: domain.name, description: domain.id == "default" ? "The default domain" : ""))
        }
        for role in seed.roles {
            roles.append(IdentityRole(id: Identifiers.stableKeystoneID("role:" + role.name), name: role.name, implies: []))
        }
        for (index, role) in seed.roles.enumerated() {
            roles[index].implies = role.implies.compactMap { name in self.role(named: name)?.id }
        }
        for project in seed.projects {
            let domainID = domain(named: project.domain)?.id ?? "default"
            let id = project.id ?? Identifiers.stableKeystoneID("project:\(domainID):\(project.name)")
            projects[id] = IdentityProject(id: id, name: project.name, domainID: domainID, description: project.description)
            projectOrder.append(id)
        }
        for user in seed.users {
            let domainID = domain(named: user.domain)?.id ?? "default"
            let id = user.id ?? Identifiers.stableKeystoneID("user:\(domainID):\(user.name)")
            let defaultProject = user.defaultProject.flatMap { project(named: $0, domainID: nil)?.id }
            users[id] = IdentityUser(
                id: id, name: user.name, domainID: domainID, password: user.password, defaultProjectID: defaultProject, email: user.email)
            userOrder.append(id)
            for (projectName, roleNames) in user.projectRoles {
                guard let projectID = project(named: projectName, domainID: nil)?.id else { continue }
                projectAssignments[id, default: [:]][projectID] = roleNames.compactMap { role(named: $0)?.id }
            }
            systemAssignments[id] = user.systemRoles.compactMap { role(named: $0)?.id }
            for (domainName, roleNames) in user.domainRoles {
                guard let domainID = domain(named: domainName)?.id else { continue }
                domainAssignments[id, default: [:]][domainID] = roleNames.compactMap { role(named: $0)?.id }
            }
        }
    }

    public var resourceCounts: [String: Int] {
        [
            "project": projects.count, "user": users.count, "token": tokens.values.filter { !$0.revoked }.count,
            "application_credential": applicationCredentials.count,
        ]
    }

    // MARK: Lookups

    func domain(id: String) -> IdentityDomain? { domains.first { $0.id == id } }
    func domain(named name: String) -> IdentityDomain? { domains.first { $0.name == name } }
    func role(id: String) -> IdentityRole? { roles.first { $0.id == id } }
    func role(named name: String) -> IdentityRole? { roles.first { $0.name == name } }

    func project(named name: String, domainID: String?) -> IdentityProject? {
        projectOrder.lazy.compactMap { self.projects[$0] }.first { $0.name == name && (domainID == nil || $0.domainID == domainID) }
    }

    func user(named name: String, domainID: String) -> IdentityUser? {
        userOrder.lazy.compactMap { self.users[$0] }.first { $0.name == name && $0.domainID == domainID }
    }

    /// `ids` plus every role they imply, transitively, in first-seen order.
    func expandingImplied(_ ids: [String]) -> [String] {
        var result: [String] = []
        var queue = ids
        while !queue.isEmpty {
            let id = queue.removeFirst()
            guard !result.contains(id) else { continue }
            result.append(id)
            queue.append(contentsOf: role(id: id)?.implies ?? [])
        }
        return result
    }

    /// Effective role ids of a user on a scope; empty means no access.
    func effectiveRoles(userID: String, scope: TokenScope) -> [String] {
        switch scope {
        case .unscoped: return []
        case .project(let projectID): return expandingImplied(projectAssignments[userID]?[projectID] ?? [])
        case .system: return expandingImplied(systemAssignments[userID] ?? [])
        case .domain(let domainID): return expandingImplied(domainAssignments[userID]?[domainID] ?? [])
        }
    }

    // MARK: Tokens

    func store(_ token: IssuedToken) -> String {
        issuedSinceSweep += 1
        if issuedSinceSweep >= 1000 {
            issuedSinceSweep = 0
            let horizon = token.issuedAt.addingTimeInterval(-tokenTTL)
            tokens = tokens.filter { $0.value.expiresAt > horizon }
        }
        let id = newSecret()
        tokens[id] = token
        return id
    }

    /// A new token or application-credential secret: random, after the seed's prefix.
    func newSecret(byteCount: Int = 32) -> String { secretPrefix + Identifiers.secret(byteCount: byteCount) }

    /// The token's owner and scope, or nil when it is unknown, revoked or expired.
    func validate(token: String, at now: Date) -> AuthContext? {
        guard let record = tokens[token], !record.revoked, now < record.validUntil,
            let user = users[record.userID], user.enabled
        else { return nil }
        var project: IdentityProject?
        var domainID: String?
        switch record.scope {
        case .project(let id):
            guard let found = projects[id], found.enabled else { return nil }
            project = found
        case .domain(let id): domainID = id
        case .unscoped, .system: break
        }
        return AuthContext(
            userID: user.id, userName: user.name, userDomainID: user.domainID, projectID: project?.id,
            projectName: project?.name, projectDomainID: project?.domainID, domainID: domainID,
            systemScoped: record.scope == .system, roles: record.roleIDs.compactMap { role(id: $0)?.name },
            applicationCredentialID: record.applicationCredentialID)
    }

    /// Revokes every token issued through an application credential (when it is deleted).
    func revokeTokens(applicationCredentialID: String) {
        for (id, token) in tokens where token.applicationCredentialID == applicationCredentialID {
            tokens[id]?.revoked = true
        }
    }
}

extension CloudState {
    /// Keystone's part of the cloud.
    public var identity: IdentityState { self[IdentityState.self] }
}
